# 6-tail-call.s, a worked solution: a dispatcher that tail-calls a program per IP
# protocol through a program array; protocols without one are counted as unhandled.
	.license "GPL"
	.map seen, array, key=u32, value=u64, entries=256
	.map by_protocol, prog_array, key=u32, value=u32, entries=256, slot6=on_tcp, slot17=on_udp

	.section xdp
dispatch:
	r6 = r1                                 # bpf_tail_call wants the context
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr
	if r4 > r3 goto pass
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto pass
	r3 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	r1 = r6
	r2 = by_protocol ll
	call bpf_tail_call                      # returns only when the slot is empty
	r1 = 0
	call count                              # seen[0]: unhandled
pass:
	r0 = XDP_PASS
	exit

on_tcp:
	r1 = IPPROTO_TCP
	call count
	r0 = XDP_PASS
	exit

on_udp:
	r1 = IPPROTO_UDP
	call count
	r0 = XDP_DROP
	exit

# count(slot): seen[slot] += 1
	.text
count:
	*(u32 *)(r10 - 4) = r1
	r1 = seen ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = 0
	exit
