# getpid.s: counts getpid calls per process id, on syscalls/sys_enter_getpid.
	.license "GPL"
	.map calls, hash, key=u32, value=u64, entries=4096
	.tracepoint syscalls/sys_enter_getpid
count_getpid:
	call bpf_get_current_pid_tgid
	r0 >>= 32
	*(u32 *)(r10 - 4) = w0
	r1 = calls ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto new
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	r0 = 0
	exit
new:
	*(u64 *)(r10 - 16) = 1
	r1 = calls ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r0 = 0
	exit
