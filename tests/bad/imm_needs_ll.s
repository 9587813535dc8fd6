# a 64-bit constant does not fit the 32-bit immediate
r0 = 0x100000000
exit
