r1 = cmpxchg_64(r1 + 0, r0, r2)
exit
