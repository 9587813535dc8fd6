# stray_stack.s: a store below the 512 bytes of stack a frame has.
	.license "GPL"
	.section socket
stray_stack:
	*(u64 *)(r10 - 520) = 0
	r0 = 0
	exit
