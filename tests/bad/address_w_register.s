r0 = *(u32 *)(w1 + 0)
exit
