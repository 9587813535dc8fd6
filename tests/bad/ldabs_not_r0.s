r1 = *(u8 *)skb[1]
exit
