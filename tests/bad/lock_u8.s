lock *(u8 *)(r1 + 0) += w2
exit
