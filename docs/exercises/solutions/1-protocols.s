# 1-protocols.s, a worked solution: IPv4 packets and bytes per IP protocol, in XDP.
	.license "GPL"
	.struct counts, packets:u64, bytes:u64
	.map protocols, array, key=u32, value=counts, entries=256

	.section xdp
protocols_count:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r6 = r3
	r6 -= r2                                # the frame's length, for the byte count
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr
	if r4 > r3 goto pass                    # too short for an IPv4 header: not counted
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto pass               # ETH_P_IP, big-endian 08 00 read little-endian
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	*(u32 *)(r10 - 4) = w5                  # the key: the protocol number
	r1 = protocols ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto pass                    # never for a key below 256, but the verifier asks
	r1 = 1
	lock *(u64 *)(r0 + counts.packets) += r1
	lock *(u64 *)(r0 + counts.bytes) += r6
pass:
	r0 = XDP_PASS
	exit
