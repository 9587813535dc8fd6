# lddw_middle.s: a jump into the second half of a 64-bit load.
	.license "GPL"
	.section socket
lddw_middle:
	r0 = 0
	if r0 == 0 goto +1
	r1 = 0x123456789 ll	# refused here
	exit
