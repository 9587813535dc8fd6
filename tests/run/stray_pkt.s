# stray_pkt.s: XDP reading the packet's 60th byte without comparing against data_end first.
	.license "GPL"
	.section xdp
stray_pkt:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r0 = *(u8 *)(r2 + 60)
	r0 = XDP_PASS
	exit
