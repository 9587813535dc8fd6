r1 = atomic64_fetch_add((u32 *)(r0 + 0), r1)
exit
