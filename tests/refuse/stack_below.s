# stack_below.s: a store below r10-512, outside the stack.
	.license "GPL"
	.section socket
stack_below:
	r1 = 0
	*(u64 *)(r10 - 520) = r1	# refused here
	r0 = 0
	exit
