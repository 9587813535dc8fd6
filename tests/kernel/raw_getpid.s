# raw_getpid.s: counts getpid calls per process through the raw tracepoint sys_enter,
# whose arguments are (struct pt_regs *regs, long id): the syscall number is args[1].
# The test gives the number of getpid with -D NR_GETPID=N (39 on x86_64).
	.license "GPL"
	.map raw_calls, hash, key=u32, value=u64, entries=4096
	.section raw_tracepoint/sys_enter
raw_getpid:
	r2 = *(u64 *)(r1 + 8)                   # args[1]: the syscall number
	if r2 != NR_GETPID goto out
	call bpf_get_current_pid_tgid
	r0 >>= 32
	*(u32 *)(r10 - 4) = w0
	r1 = raw_calls ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto new
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	goto out
new:
	*(u64 *)(r10 - 16) = 1
	r1 = raw_calls ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
out:
	r0 = 0
	exit
