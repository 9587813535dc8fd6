# pkt_no_check.s: a packet read before comparing with data_end.
	.license "GPL"
	.section xdp
pkt_no_check:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r0 = *(u16 *)(r2 + 12)	# refused here
	r0 = 2
	exit
