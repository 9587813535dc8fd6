# infinite_loop.s: a loop that never ends.
	.license "GPL"
	.section socket
infinite_loop:
	r0 = 0
again:
	goto again	# refused here
