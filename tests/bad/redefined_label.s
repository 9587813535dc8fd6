a:
r0 = 0
a:
exit
