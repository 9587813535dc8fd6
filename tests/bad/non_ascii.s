r0 = 0 é
exit
