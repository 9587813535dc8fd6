# uninit_stack.s: a stack slot read before anything was stored there (refused with --strict,
# as for users without root; root's programs read whatever the slot held).
# run: --strict
	.license "GPL"
	.section socket
uninit_stack:
	r0 = *(u64 *)(r10 - 8)	# refused here
	exit
