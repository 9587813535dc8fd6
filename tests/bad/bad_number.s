r1 = 12ab
exit
