# kprobe.s: counts getpid calls per process id twice over, on entry to the kernel's
# getpid function (kprobe) and on its return (kretprobe). The function's name differs by
# architecture (__x64_sys_getpid on x86-64): the test writes it in place of FUNC. The
# test also turns the two sections into uprobe/uretprobe ones on a function of its helper.
	.license "GPL"
	.map entries, hash, key=u32, value=u64, entries=4096
	.map returns, hash, key=u32, value=u64, entries=4096

	.section kprobe/FUNC
on_entry:
	r1 = entries ll
	call count_pid
	r0 = 0
	exit

	.section kretprobe/FUNC
on_return:
	r1 = returns ll
	call count_pid
	r0 = 0
	exit

# count_pid(map): map[current tgid] += 1
	.text
count_pid:
	r6 = r1
	call bpf_get_current_pid_tgid
	r0 >>= 32
	*(u32 *)(r10 - 4) = w0
	r1 = r6
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
	r1 = r6
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r0 = 0
	exit
