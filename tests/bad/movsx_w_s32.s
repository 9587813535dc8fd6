w1 = (s32)w2
exit
