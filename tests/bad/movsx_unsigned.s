r1 = (u8)r2
exit
