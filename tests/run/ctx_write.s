# ctx_write.s: XDP writing its context, which no XDP program may do.
	.license "GPL"
	.section xdp
ctx_write:
	*(u32 *)(r1 + xdp_md.ingress_ifindex) = 3
	r0 = XDP_PASS
	exit
