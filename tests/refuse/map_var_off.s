# map_var_off.s: an index into a map value with no bounds check.
	.license "GPL"
	.map counts, array, key=u32, value=u64, entries=4
	.section socket
map_var_off:
	r6 = *(u32 *)(r1 + __sk_buff.len)
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r0 += r6
	r1 = *(u8 *)(r0 + 0)	# refused here
out:
	r0 = 0
	exit
