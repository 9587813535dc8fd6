*(s32 *)(r1 + 0) = r2
exit
