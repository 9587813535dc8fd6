# tp_count.s: a tracepoint program that adds the new frequency of power/cpu_frequency to a
# per-CPU total, keyed by the CPU the event names; the emulator gets the record from
# --ctx-set by the field names of the event's format.
	.license "GPL"
	.map khz, hash, key=u32, value=u64, entries=16
	.tracepoint power/cpu_frequency
tp_count:
	r6 = *(u32 *)(r1 + cpu_frequency.state)
	r7 = *(u32 *)(r1 + cpu_frequency.cpu_id)
	*(u32 *)(r10 - 4) = w7
	*(u64 *)(r10 - 16) = r6
	r1 = khz ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_ANY
	call bpf_map_update_elem
	r0 = 0
	exit
