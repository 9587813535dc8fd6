# null_check.s: the value of a map lookup used without comparing it with 0 first.
	.license "GPL"
	.map counts, hash, key=u32, value=u64, entries=4
	.section socket
null_check:
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	r6 = r0
	r1 = *(u64 *)(r6 + 0)	# refused here
	r0 = 0
	exit
