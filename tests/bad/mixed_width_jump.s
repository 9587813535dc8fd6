if w1 > r2 goto +0
exit
