# 3-tcp-syn.s, a worked solution: connection attempts (SYN without ACK) per TCP
# destination port, in tc, finding the TCP header after IP options.
	.license "GPL"
	.map syns, hash, key=u32, value=u64, entries=1024

	.section tc
tcp_syn:
	r2 = *(u32 *)(r1 + __sk_buff.data)
	r3 = *(u32 *)(r1 + __sk_buff.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr
	if r4 > r3 goto out                     # the fixed IPv4 header must be there
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto out
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	if r5 != IPPROTO_TCP goto out
	r5 = *(u8 *)(r2 + ETH_HLEN)             # version and ihl: ihl is the low nibble
	r5 &= 0xf
	r5 <<= 2                                # the IP header's length, 0 to 60 bytes
	if r5 < 20 goto out                     # a broken header
	r2 += r5                                # r2: the TCP header, less ETH_HLEN
	r4 = r2
	r4 += ETH_HLEN + sizeof.tcphdr
	if r4 > r3 goto out                     # and the whole TCP header after it
	r5 = *(u8 *)(r2 + ETH_HLEN + 13)        # the flags byte: CWR ECE URG ACK PSH RST SYN FIN
	r5 &= 0x12                              # SYN and ACK
	if r5 != 0x02 goto out                  # a SYN alone
	r5 = *(u16 *)(r2 + ETH_HLEN + tcphdr.dest)
	r5 = be16 r5                            # network byte order to the host's
	*(u32 *)(r10 - 4) = w5
	r1 = syns ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto new
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	goto out
new:
	*(u64 *)(r10 - 16) = 1
	r1 = syns ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
out:
	r0 = TC_ACT_OK
	exit
