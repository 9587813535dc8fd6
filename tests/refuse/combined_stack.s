# combined_stack.s: two functions each using 400 bytes of stack: 800 together.
	.license "GPL"
	.section socket
combined_stack:
	r1 = 0
	*(u64 *)(r10 - 400) = r1
	call inner	# refused here
	r0 = 0
	exit
inner:
	r1 = 0
	*(u64 *)(r10 - 400) = r1
	r0 = 0
	exit
