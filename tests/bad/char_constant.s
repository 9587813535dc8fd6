r1 = 'ab'
exit
