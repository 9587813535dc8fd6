# ctx_sockfilter_data.s: a socket filter reading __sk_buff.data, which only tc and others may.
	.license "GPL"
	.section socket
ctx_sockfilter_data:
	r0 = *(u32 *)(r1 + __sk_buff.data)	# refused here
	exit
