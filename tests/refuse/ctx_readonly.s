# ctx_readonly.s: a tc program writing __sk_buff.len, which it may only read.
	.license "GPL"
	.section tc
ctx_readonly:
	r2 = 0
	*(u32 *)(r1 + __sk_buff.len) = r2	# refused here
	r0 = 0
	exit
