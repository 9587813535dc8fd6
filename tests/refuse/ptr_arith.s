# ptr_arith.s: arithmetic on a map pointer.
	.license "GPL"
	.map counts, hash, key=u32, value=u64, entries=4
	.section socket
ptr_arith:
	r1 = counts ll
	r1 += 8	# refused here
	r0 = 0
	exit
