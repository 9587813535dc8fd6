# tail_call_map.s: bpf_tail_call with a hash map instead of a program array.
	.license "GPL"
	.map counts, hash, key=u32, value=u32, entries=4
	.section socket
tail_call_map:
	r2 = counts ll
	r3 = 0
	call bpf_tail_call	# refused here
	r0 = 0
	exit
