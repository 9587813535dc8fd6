r1 /= 0
exit
