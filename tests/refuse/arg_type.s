# arg_type.s: a number where bpf_map_lookup_elem wants a pointer to the key.
	.license "GPL"
	.map counts, hash, key=u32, value=u64, entries=4
	.section socket
arg_type:
	r1 = counts ll
	r2 = 0
	call bpf_map_lookup_elem	# refused here
	r0 = 0
	exit
