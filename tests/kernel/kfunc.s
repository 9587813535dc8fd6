# kfunc.s: kernel function calls. On each getpid the program runs an open-coded
# iterator (the kfuncs bpf_iter_num_new, _next, _destroy) over 0..4 and adds the number
# of steps, 5, to the caller's entry: N getpid calls give 5N. KFUNC names the first one
# (the test writes it in, or a wrong name to see the error).
	.license "GPL"
	.extern KFUNC
	.extern bpf_iter_num_next
	.extern bpf_iter_num_destroy
	.map steps, hash, key=u32, value=u64, entries=4096
	.tracepoint syscalls/sys_enter_getpid
iterate:
	r1 = r10
	r1 += -8                # struct bpf_iter_num, 8 bytes on the stack
	r2 = 0
	r3 = 5
	call KFUNC
	r6 = 0
1:	r1 = r10
	r1 += -8
	call bpf_iter_num_next  # NULL when done
	if r0 == 0 goto 2f
	r6 += 1
	goto 1b
2:	r1 = r10
	r1 += -8
	call bpf_iter_num_destroy
	*(u64 *)(r10 - 24) = r6
	call bpf_get_current_pid_tgid
	r0 >>= 32
	*(u32 *)(r10 - 12) = w0
	r1 = steps ll
	r2 = r10
	r2 += -12
	call bpf_map_lookup_elem
	if r0 == 0 goto new
	lock *(u64 *)(r0 + 0) += r6
	r0 = 0
	exit
new:
	r1 = steps ll
	r2 = r10
	r2 += -12
	r3 = r10
	r3 += -24
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r0 = 0
	exit
