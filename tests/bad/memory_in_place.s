# memory has no compound assignment; lock is the atomic form
*(u64 *)(r10 - 8) += r1
exit
