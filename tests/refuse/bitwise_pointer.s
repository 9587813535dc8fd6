# bitwise_pointer.s: an and on a pointer (the context), which only allows adding and subtracting.
	.license "GPL"
	.section socket
bitwise_pointer:
	r1 &= 0xff	# refused here
	r0 = 0
	exit
