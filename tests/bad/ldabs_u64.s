r0 = *(u64 *)skb[1]
exit
