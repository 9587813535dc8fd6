# helper_not_allowed.s: a socket filter calling bpf_skb_store_bytes, which only tc and a few other types may.
	.license "GPL"
	.section socket
helper_not_allowed:
	r2 = 0
	r3 = r10
	r3 += -8
	*(u64 *)(r10 - 8) = r2
	r4 = 1
	r5 = 0
	call bpf_skb_store_bytes	# refused here
	r0 = 0
	exit
