w1 = 5 ll
exit
