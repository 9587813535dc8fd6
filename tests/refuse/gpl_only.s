# gpl_only.s: a GPL-only helper in an object without a GPL license.
	.section socket
gpl_only:
	call bpf_trace_printk	# refused here
	r0 = 0
	exit
