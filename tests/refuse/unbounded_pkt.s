# unbounded_pkt.s: a packet pointer moved by a number from a map, whose lower bound is unknown.
	.license "GPL"
	.map offsets, array, key=u32, value=u64, entries=1
	.section tc
unbounded_pkt:
	r6 = r1
	*(u32 *)(r10 - 4) = 0
	r1 = offsets ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r4 = *(u64 *)(r0 + 0)
	r2 = *(u32 *)(r6 + __sk_buff.data)
	r2 += r4	# refused here
out:
	r0 = 0
	exit
