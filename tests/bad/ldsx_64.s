r0 = *(s64 *)(r1 + 0)
exit
