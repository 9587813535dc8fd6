# kfunc_not_allowed.s: a socket filter calling a kernel function only tracing programs may call.
	.license "GPL"
	.extern bpf_task_acquire
	.section socket
kfunc_not_allowed:
	r1 = 0
	call bpf_task_acquire	# refused here
	r0 = 0
	exit
