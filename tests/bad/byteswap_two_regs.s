r1 = be16 r2
exit
