# xdp_rewrite.s: XDP that answers IPv4 packets: swaps the Ethernet addresses, lowers the
# TTL by one and fixes the IP checksum with bpf_csum_diff, then XDP_TX; packets longer than
# 100 bytes lose their last 4 bytes (bpf_xdp_adjust_tail) first. A counter per verdict is
# kept through a BPF-to-BPF call, and bpf_loop runs a callback once per TTL step to sum
# 1 + 2 + ... + ttl into a global. Run in the kernel and the emulator on the same packets,
# their bytes out and maps must agree.
	.license "GPL"
	.map verdicts, array, key=u32, value=u64, entries=5
	.data
ttl_sum:	.quad 0

	.section xdp
xdp_rewrite:
	r6 = r1
	r2 = *(u32 *)(r6 + xdp_md.data)
	r3 = *(u32 *)(r6 + xdp_md.data_end)
	r4 = r3
	r4 -= r2
	if r4 <= 100 goto 1f
	r1 = r6
	r2 = -4
	call bpf_xdp_adjust_tail
	if r0 != 0 goto aborted
1:	r2 = *(u32 *)(r6 + xdp_md.data)
	r3 = *(u32 *)(r6 + xdp_md.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr
	if r4 > r3 goto pass
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto pass
	r7 = r2
	# swap the addresses: 6 bytes each, as a u32 and a u16
	r1 = *(u32 *)(r7 + 0)
	r3 = *(u32 *)(r7 + 6)
	*(u32 *)(r7 + 0) = w3
	*(u32 *)(r7 + 6) = w1
	r1 = *(u16 *)(r7 + 4)
	r3 = *(u16 *)(r7 + 10)
	*(u16 *)(r7 + 4) = w3
	*(u16 *)(r7 + 10) = w1
	# TTL - 1, checksum updated from the old and new 32-bit word holding TTL and protocol
	r1 = *(u32 *)(r7 + ETH_HLEN + 8)
	*(u32 *)(r10 - 8) = w1
	r8 = *(u8 *)(r7 + ETH_HLEN + iphdr.ttl)
	if r8 == 0 goto pass
	r8 += -1
	*(u8 *)(r7 + ETH_HLEN + iphdr.ttl) = w8
	r1 = *(u32 *)(r7 + ETH_HLEN + 8)
	*(u32 *)(r10 - 4) = w1
	r1 = r10
	r1 += -8
	r2 = 4
	r3 = r10
	r3 += -4
	r4 = 4
	r5 = *(u16 *)(r7 + ETH_HLEN + iphdr.check)
	r5 ^= 0xffff
	call bpf_csum_diff
	r1 = r0
	r1 >>= 16
	r0 &= 0xffff
	r0 += r1
	r1 = r0
	r1 >>= 16
	r0 += r1
	r0 ^= 0xffff
	*(u16 *)(r7 + ETH_HLEN + iphdr.check) = w0
	# 1 + 2 + ... + ttl, one callback per step
	r1 = r8
	r2 = add_step ll
	r3 = 0
	r4 = 0
	call bpf_loop
	r1 = XDP_TX
	call count
	r0 = XDP_TX
	exit
pass:
	r1 = XDP_PASS
	call count
	r0 = XDP_PASS
	exit
aborted:
	r0 = XDP_ABORTED
	exit

	.text
# the callback comes first: a label only taken with `ll` is no function symbol of its own
add_step:
	r1 += 1
	r2 = ttl_sum ll
	lock *(u64 *)(r2 + 0) += r1
	r0 = 0
	exit
count:
	*(u32 *)(r10 - 4) = w1
	r1 = verdicts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = 0
	exit
