# 2-drop-port.s, a worked solution: drop UDP datagrams to port 7777 in XDP, count them.
	.license "GPL"
	.map dropped, array, key=u32, value=u64, entries=1

	.section xdp
drop_port:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr + sizeof.udphdr
	if r4 > r3 goto pass                    # no room for the headers read below
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto pass               # not IPv4
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	if r5 != IPPROTO_UDP goto pass
	r5 = *(u16 *)(r2 + ETH_HLEN + sizeof.iphdr + udphdr.dest)
	if r5 != 0x611e goto pass               # 7777 is 0x1e61: its bytes 1e 61 read little-endian
	*(u32 *)(r10 - 4) = 0
	r1 = dropped ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto drop
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
drop:
	r0 = XDP_DROP
	exit
pass:
	r0 = XDP_PASS
	exit
