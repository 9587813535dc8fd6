w1 = r2
exit
