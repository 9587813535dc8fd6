r1 = r2 + 1
exit
