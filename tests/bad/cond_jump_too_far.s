if r1 == 0 goto far
.zero 262144
far:
exit
