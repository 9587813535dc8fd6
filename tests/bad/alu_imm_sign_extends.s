r1 &= 0x80000000
exit
