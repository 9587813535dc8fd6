# ld_abs_type.s: an skb[...] load in an XDP program.
	.license "GPL"
	.section xdp
ld_abs_type:
	r6 = r1
	r0 = *(u8 *)skb[0]	# refused here
	r0 = 2
	exit
