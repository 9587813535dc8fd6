# defs.s: included by main.s
.equ VALUE, 42
