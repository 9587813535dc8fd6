r1 = 1 !
exit
