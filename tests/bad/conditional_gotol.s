if r1 > 2 gotol +1
exit
