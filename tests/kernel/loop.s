# loop.s: a callback. For each UDP datagram leaving through the socket's interface the
# program calls bpf_loop(LOOPS, bump, 0, 0); the kernel runs bump LOOPS times, so the
# count is LOOPS times the datagrams. `r2 = bump ll` is the function's address, which
# the loader must hand over as BPF_PSEUDO_FUNC.
	.license "GPL"
	.equ LOOPS, 5
	.map hits, array, key=u32, value=u64, entries=1
	.section socket
udp_out:
	r6 = r1
	r1 = *(u32 *)(r6 + __sk_buff.pkt_type)
	if r1 != PACKET_OUTGOING goto out
	r0 = *(u8 *)skb[ETH_HLEN + iphdr.protocol]
	if r0 != IPPROTO_UDP goto out
	r1 = LOOPS
	r2 = bump ll
	r3 = 0
	r4 = 0
	call bpf_loop
out:
	r0 = 0
	exit

# long bump(u64 index, void *ctx): one more in hits[0]; 0 to go on looping
	.text
bump:
	*(u32 *)(r10 - 4) = 0
	r1 = hits ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = 0
	exit
