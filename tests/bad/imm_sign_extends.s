# warning only: 0xffffffff becomes -1 in a 64-bit register
r0 = 0xffffffff
exit
