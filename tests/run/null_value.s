# null_value.s: a map value used without the NULL check (key 5 of a 4-entry array is absent).
	.license "GPL"
	.map small, array, key=u32, value=u64, entries=4
	.section socket
null_value:
	*(u32 *)(r10 - 4) = 5
	r1 = small ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	r0 = *(u64 *)(r0 + 0)
	exit
