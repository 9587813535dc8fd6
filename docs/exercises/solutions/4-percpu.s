# 4-percpu.s, a worked solution: every packet and byte counted in a per-CPU array, with
# plain additions: each CPU has its own copy of the value, so no two runs share one.
	.license "GPL"
	.struct totals, packets:u64, bytes:u64
	.map stats, percpu_array, key=u32, value=totals, entries=1

	.section xdp
percpu_count:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r6 = *(u32 *)(r1 + xdp_md.data_end)
	r6 -= r2                                # the frame's length
	*(u32 *)(r10 - 4) = 0
	r1 = stats ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem                # this CPU's copy of entry 0
	if r0 == 0 goto pass
	r1 = *(u64 *)(r0 + totals.packets)
	r1 += 1
	*(u64 *)(r0 + totals.packets) = r1
	r1 = *(u64 *)(r0 + totals.bytes)
	r1 += r6
	*(u64 *)(r0 + totals.bytes) = r1
pass:
	r0 = XDP_PASS
	exit
