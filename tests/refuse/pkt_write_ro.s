# pkt_write_ro.s: a cgroup_skb program may read the packet but not write it.
	.license "GPL"
	.section cgroup_skb/ingress
pkt_write_ro:
	r2 = *(u32 *)(r1 + __sk_buff.data)
	r3 = *(u32 *)(r1 + __sk_buff.data_end)
	r4 = r2
	r4 += 1
	if r4 > r3 goto out
	r5 = 0
	*(u8 *)(r2 + 0) = r5	# refused here
out:
	r0 = 1
	exit
