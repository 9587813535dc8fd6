r1 = -r2
exit
