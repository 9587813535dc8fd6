lock *(u64 *)(r1 + 0) -= r2
exit
