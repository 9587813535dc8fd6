r1 = FOO + 1
exit
