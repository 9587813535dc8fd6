# helpers_xdp.s: XDP helpers that move the packet's edges, their return values kept in
# `out` (slot: what): 0 bpf_xdp_adjust_meta(-4) (0), 1 the metadata written and read back
# (0xabcd), 2 bpf_xdp_adjust_head(-4) (0), 3 bpf_xdp_adjust_head by more than the room in
# front (-EINVAL), 4 bpf_redirect to ifindex 1 (XDP_REDIRECT), 5 the packet's new length.
# The 4 bytes put in front are de ad be ef. The test compares it all, and the bytes out,
# between the kernel and the emulator.
	.license "GPL"
	.map out, array, key=u32, value=u64, entries=8

	.section xdp
helpers_xdp:
	r6 = r1
	r1 = r6
	r2 = -4
	call bpf_xdp_adjust_meta
	r1 = 0
	r2 = r0
	call put
	r2 = *(u32 *)(r6 + xdp_md.data_meta)
	r3 = *(u32 *)(r6 + xdp_md.data)
	r4 = r2
	r4 += 4
	if r4 > r3 goto 1f
	*(u32 *)(r2 + 0) = 0xabcd
	r2 = *(u32 *)(r2 + 0)
	r1 = 1
	call put
1:	r1 = r6
	r2 = -4
	call bpf_xdp_adjust_head
	r1 = 2
	r2 = r0
	call put
	r2 = *(u32 *)(r6 + xdp_md.data)
	r3 = *(u32 *)(r6 + xdp_md.data_end)
	r4 = r2
	r4 += 4
	if r4 > r3 goto 2f
	*(u32 *)(r2 + 0) = 0xefbeadde
2:	r1 = r6
	r2 = -100000
	call bpf_xdp_adjust_head
	r1 = 3
	r2 = r0
	call put
	r1 = 1
	r2 = 0
	call bpf_redirect
	r1 = 4
	r2 = r0
	call put
	r2 = *(u32 *)(r6 + xdp_md.data)
	r3 = *(u32 *)(r6 + xdp_md.data_end)
	r3 -= r2
	r1 = 5
	r2 = r3
	call put
	r0 = XDP_PASS
	exit

	.include "put.inc"
