w1 <<= 32
exit
