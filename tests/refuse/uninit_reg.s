# uninit_reg.s: r6 read before anything was written to it.
	.license "GPL"
	.section socket
uninit_reg:
	r0 = r6	# refused here
	exit
