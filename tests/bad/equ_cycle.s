.equ a, b + 1
.equ b, a
r1 = a
exit
