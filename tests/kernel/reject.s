# reject.s: a program the verifier refuses: a hash map's value used without the NULL
# check. bpfload must name this file and the line of the load.
	.license "GPL"
	.map counts, hash, key=u32, value=u64, entries=4
	.section socket
reject_me:
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	r1 = *(u64 *)(r0 + 0)           # r0 may be NULL here
	r0 = 0
	exit
