# tc_count.s: a tc classifier that counts UDP datagrams and bytes per destination port in a
# hash map (inserted with BPF_NOEXIST on first sight), remembers the last two ports' lengths
# in an LRU hash (so a third port evicts the oldest), counts every packet in a per-CPU array,
# and drops datagrams to port 7. The test runs it on a capture in the kernel and in the
# emulator and checks both against counts it works out from the packets it sent.
	.license "GPL"
	.struct flow, packets:u64, bytes:u64
	.map ports, hash, key=u16, value=flow, entries=64
	.map recent, lru_hash, key=u16, value=u64, entries=2
	.map all, percpu_array, key=u32, value=u64, entries=1

	.section tc
tc_count:
	r6 = r1
	*(u32 *)(r10 - 8) = 0
	r1 = all ll
	r2 = r10
	r2 += -8
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r2 = *(u32 *)(r6 + __sk_buff.data)
	r3 = *(u32 *)(r6 + __sk_buff.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr + sizeof.udphdr
	if r4 > r3 goto pass
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	if r5 != IPPROTO_UDP goto pass
	r7 = *(u16 *)(r2 + ETH_HLEN + sizeof.iphdr + udphdr.dest)
	r7 = be16 r7
	*(u16 *)(r10 - 2) = w7
	r8 = *(u32 *)(r6 + __sk_buff.len)
	r1 = ports ll
	r2 = r10
	r2 += -2
	call bpf_map_lookup_elem
	if r0 != 0 goto count
	*(u64 *)(r10 - 24) = 0
	*(u64 *)(r10 - 16) = 0
	r1 = ports ll
	r2 = r10
	r2 += -2
	r3 = r10
	r3 += -24
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r1 = ports ll
	r2 = r10
	r2 += -2
	call bpf_map_lookup_elem
	if r0 == 0 goto pass
count:
	r1 = 1
	lock *(u64 *)(r0 + flow.packets) += r1
	lock *(u64 *)(r0 + flow.bytes) += r8
	*(u64 *)(r10 - 32) = r8
	r1 = recent ll
	r2 = r10
	r2 += -2
	r3 = r10
	r3 += -32
	r4 = BPF_ANY
	call bpf_map_update_elem
	if r7 == 7 goto drop
pass:
	r0 = TC_ACT_OK
	exit
drop:
	r0 = TC_ACT_SHOT
	exit
