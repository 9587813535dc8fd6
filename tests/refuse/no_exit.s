# no_exit.s: the program runs past its last instruction.
	.license "GPL"
	.section socket
no_exit:
	r0 = 0
	r0 += 1	# refused here
