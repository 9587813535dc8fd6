.bss
.long 5
