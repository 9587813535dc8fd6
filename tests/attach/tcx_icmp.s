# tcx_icmp.s: tc programs on both directions of an interface (tcx links), counting the
# ICMP packets that pass each way. The test pings through lo in a network namespace of its
# own, so it knows the numbers: every echo request and every reply crosses lo once in
# each direction.
	.license "GPL"
	.map icmp, array, key=u32, value=u64, entries=2    # slot 0: ingress, 1: egress

	# count ICMP in slot SLOT, let everything pass
	.macro count_icmp slot
	r2 = *(u32 *)(r1 + __sk_buff.data)
	r3 = *(u32 *)(r1 + __sk_buff.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr
	if r4 > r3 goto 1f
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto 1f                 # ETH_P_IP, big-endian bytes read little-endian
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	if r5 != IPPROTO_ICMP goto 1f
	*(u32 *)(r10 - 4) = \slot
	r1 = icmp ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = TC_ACT_OK
	exit
	.endm

	.section tc/ingress
icmp_in:
	count_icmp 0

	.section tc/egress
icmp_out:
	count_icmp 1
