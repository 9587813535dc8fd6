.equ A, 1
.equ A, 2
r0 = A
exit
