# syscount.s: system calls per syscall number, from raw_syscalls/sys_enter, which fires
# on entry to every system call of every process.
#
#   bpfas programs/syscount.s -o syscount.bo
#   sudo bpfload syscount.bo --duration 5       # numbers as in /usr/include/asm/unistd_64.h

	.license "GPL"
	.map syscalls, hash, key=s64, value=u64, entries=1024

	.tracepoint raw_syscalls/sys_enter
count_syscall:
	r2 = *(u64 *)(r1 + sys_enter.id)        # `long id`: the syscall number
	*(u64 *)(r10 - 8) = r2
	r1 = syscalls ll
	r2 = r10
	r2 += -8
	call bpf_map_lookup_elem
	if r0 == 0 goto new
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	r0 = 0
	exit
new:
	*(u64 *)(r10 - 16) = 1
	r1 = syscalls ll
	r2 = r10
	r2 += -8
	r3 = r10
	r3 += -16
	r4 = BPF_NOEXIST
	call bpf_map_update_elem
	r0 = 0
	exit
