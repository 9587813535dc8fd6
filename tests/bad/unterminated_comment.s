r0 = 0 /* forever
exit
