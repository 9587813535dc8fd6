# pkt_one_short.s: the bounds check proves 12 bytes, the read needs 14.
	.license "GPL"
	.section xdp
pkt_one_short:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r4 = r2
	r4 += 12
	if r4 > r3 goto out
	r0 = *(u16 *)(r2 + 12)	# refused here
out:
	r0 = 2
	exit
