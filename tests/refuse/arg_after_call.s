# arg_after_call.s: r1 used after a call, which clears r1-r5.
	.license "GPL"
	.section socket
arg_after_call:
	call bpf_get_prandom_u32
	r0 = *(u32 *)(r1 + __sk_buff.len)	# refused here
	exit
