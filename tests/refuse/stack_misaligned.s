# stack_misaligned.s: an 8-byte store at r10-12, not a multiple of 8.
	.license "GPL"
	.section socket
stack_misaligned:
	r1 = 0
	*(u64 *)(r10 - 12) = r1	# refused here
	r0 = 0
	exit
