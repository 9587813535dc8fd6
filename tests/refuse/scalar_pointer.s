# scalar_pointer.s: a number used as an address.
	.license "GPL"
	.section socket
scalar_pointer:
	r1 = 4096
	r0 = *(u64 *)(r1 + 0)	# refused here
	exit
