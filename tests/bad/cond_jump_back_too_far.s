back:
.zero 262144
if r1 == 0 goto back
exit
