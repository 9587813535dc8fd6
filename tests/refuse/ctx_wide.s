# ctx_wide.s: a 64-bit load of a 32-bit context field.
	.license "GPL"
	.section socket
ctx_wide:
	r0 = *(u64 *)(r1 + __sk_buff.len)	# refused here
	exit
