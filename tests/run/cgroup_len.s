# cgroup_len.s: a cgroup_skb program that allows packets of an odd length (its __sk_buff.len,
# from the IP header on) and drops the others.
	.license "GPL"
	.section cgroup_skb/ingress
cg:
	r0 = *(u32 *)(r1 + __sk_buff.len)
	r0 &= 1
	exit
