# pkt_misaligned.s: a 4-byte packet read at offset 13 (refused with --strict, which asks for
# strict alignment, as on machines without fast unaligned loads).
# run: --strict
	.license "GPL"
	.section xdp
pkt_misaligned:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r4 = r2
	r4 += 17
	if r4 > r3 goto out
	r0 = *(u32 *)(r2 + 13)	# refused here
out:
	r0 = 2
	exit
