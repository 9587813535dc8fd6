# no_return.s: exit without setting r0, the return value.
	.license "GPL"
	.section socket
no_return:
	r1 = 0
	exit	# refused here
