# map_value_past.s: a write past the end of an 8-byte map value.
	.license "GPL"
	.map counts, array, key=u32, value=u64, entries=4
	.section socket
map_value_past:
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = 1
	*(u64 *)(r0 + 8) = r1	# refused here
out:
	r0 = 0
	exit
