# helpers_emu.s: helpers whose results the emulator decides from its options, kept in
# `out` (slot: what): 0 and 1 two bpf_ktime_get_ns (the fixed clock: --clock plus 1 us per
# read), 2 bpf_get_prandom_u32 (xorshift64 from --seed), 3 bpf_get_smp_processor_id (--cpu),
# 4 bpf_get_current_uid_gid; a per-CPU counter bumped on that CPU; a ring buffer record
# reserved and submitted (8 bytes), one output directly (4 bytes), a perf event record, and
# bpf_get_current_comm printed through bpf_trace_printk.
	.license "GPL"
	.map out, array, key=u32, value=u64, entries=8
	.map per_cpu, percpu_array, key=u32, value=u64, entries=1
	.map rb, ringbuf, entries=4096
	.map events, perf_event_array, key=u32, value=u32, entries=4
	.section .rodata
fmt:	.asciz "comm %s"

	.section tc
helpers_emu:
	r6 = r1
	call bpf_ktime_get_ns
	r1 = 0
	r2 = r0
	call put
	call bpf_ktime_get_ns
	r1 = 1
	r2 = r0
	call put
	call bpf_get_prandom_u32
	r1 = 2
	r2 = r0
	call put
	call bpf_get_smp_processor_id
	r1 = 3
	r2 = r0
	call put
	call bpf_get_current_uid_gid
	r1 = 4
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 0
	r1 = per_cpu ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r1 = rb ll
	r2 = 8
	r3 = 0
	call bpf_ringbuf_reserve
	if r0 == 0 goto 2f
	r1 = 0x1122334455667788 ll
	*(u64 *)(r0 + 0) = r1
	r1 = r0
	r2 = 0
	call bpf_ringbuf_submit
2:	*(u32 *)(r10 - 8) = 0x64636261
	r1 = rb ll
	r2 = r10
	r2 += -8
	r3 = 4
	r4 = 0
	call bpf_ringbuf_output
	r1 = r6
	r2 = events ll
	r3 = BPF_F_CURRENT_CPU ll
	r4 = r10
	r4 += -8
	r5 = 4
	call bpf_perf_event_output
	r1 = r10
	r1 += -32
	r2 = 16
	call bpf_get_current_comm
	r1 = fmt ll
	r2 = 8
	r3 = r10
	r3 += -32
	call bpf_trace_printk
	r0 = TC_ACT_OK
	exit

	.include "put.inc"
