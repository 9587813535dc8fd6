# cpustat.s: how often each CPU enters each idle state and each frequency, from the
# power/cpu_idle and power/cpu_frequency tracepoints (the seed article's cpustat, which
# measured time per state; this one counts events).
#
#   bpfas programs/cpustat.s -o cpustat.bo
#   sudo bpfload cpustat.bo --interval 2
#
# Where does such a program run? Inside trace_cpu_idle() and trace_cpu_frequency(), on
# the CPU that changes state. Its argument is the tracepoint's record, laid out as the
# event's format file says (`bpfas --describe power/cpu_idle`): .tracepoint reads that
# file and names the fields, so nobody writes `struct cpu_args` by hand. A virtual machine
# may never change idle state or frequency: the maps then stay empty.

	.license "GPL"

	.struct cpu_state, cpu:u32, state:s32     # signed: cpu_idle reports -1 when leaving idle
	.map idle_events, hash, key=cpu_state, value=u64, entries=1024
	.map freq_events, hash, key=cpu_state, value=u64, entries=1024

	.text
# bump(map, key): add 1 to the key's counter, creating it at 1. A BPF-to-BPF function:
# both programs below call it, and the loader appends it to each.
bump:
	r6 = r1                                 # r6..r9 survive calls, r1..r5 do not
	r7 = r2
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	r0 = 0
	exit
1:	*(u64 *)(r10 - 8) = 1                  # a new counter, starting at 1
	r1 = r6
	r2 = r7
	r3 = r10
	r3 += -8
	r4 = BPF_NOEXIST                        # if another CPU was first, its count stays
	call bpf_map_update_elem
	r0 = 0
	exit

	.tracepoint power/cpu_idle
count_idle:
	r2 = *(u32 *)(r1 + cpu_idle.cpu_id)
	r3 = *(u32 *)(r1 + cpu_idle.state)
	*(u32 *)(r10 - 8) = w2                  # the key, a struct cpu_state, on the stack
	*(u32 *)(r10 - 4) = w3
	r1 = idle_events ll
	r2 = r10
	r2 += -8
	call bump
	r0 = 0
	exit

	.tracepoint power/cpu_frequency
count_frequency:
	r2 = *(u32 *)(r1 + cpu_frequency.cpu_id)
	r3 = *(u32 *)(r1 + cpu_frequency.state)
	*(u32 *)(r10 - 8) = w2
	*(u32 *)(r10 - 4) = w3
	r1 = freq_events ll
	r2 = r10
	r2 += -8
	call bump
	r0 = 0
	exit
