.equ K, 3
.globl K
