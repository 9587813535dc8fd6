# leak_addr.s: a pointer returned as a number (refused with --strict, as for users without root).
# run: --strict
	.license "GPL"
	.section socket
leak_addr:
	r0 = r10
	exit	# refused here
