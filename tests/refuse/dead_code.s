# dead_code.s: an instruction no path reaches.
	.license "GPL"
	.section socket
dead_code:
	r0 = 0
	exit
	r0 = 1	# refused here
	exit
