# helpers_more.s: a tracepoint program (power/cpu_frequency; its record from --ctx-set) for
# the helpers and maps the other tests leave out, its results in `out` (slot: what): 0 the
# keys bpf_for_each_map_elem saw in a per-CPU hash, added up, 1 the per-CPU hash's value
# after an update and an add, 2 bpf_probe_read_kernel of the record's state field, 3 the
# same from address 0 (-EFAULT), 4 bpf_spin_lock and bpf_spin_unlock on a map value (0);
# a ring buffer record reserved and discarded prints nothing.
	.license "GPL"
	.map out, array, key=u32, value=u64, entries=8
	.map ph, percpu_hash, key=u32, value=u64, entries=4
	.map rb, ringbuf, entries=4096
	.tracepoint power/cpu_frequency
helpers_more:
	r6 = r1
	*(u32 *)(r10 - 4) = 5
	*(u64 *)(r10 - 16) = 7
	r1 = ph ll
	r2 = r10
	r2 += -4
	r3 = r10
	r3 += -16
	r4 = BPF_ANY
	call bpf_map_update_elem
	r1 = ph ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
	r1 = 1
	r2 = *(u64 *)(r0 + 0)
	call put
1:	*(u64 *)(r10 - 24) = 0
	r1 = ph ll
	r2 = add_key ll
	r3 = r10
	r3 += -24
	r4 = 0
	call bpf_for_each_map_elem
	r1 = 0
	r2 = *(u64 *)(r10 - 24)
	call put
	*(u64 *)(r10 - 32) = 0
	r1 = r10
	r1 += -32
	r2 = 4
	r3 = r6
	r3 += cpu_frequency.state
	call bpf_probe_read_kernel
	r1 = 2
	r2 = *(u32 *)(r10 - 32)
	call put
	r1 = r10
	r1 += -32
	r2 = 4
	r3 = 0
	call bpf_probe_read_kernel
	r1 = 3
	r2 = r0
	call put
	*(u32 *)(r10 - 4) = 7
	r1 = out ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 2f
	r7 = r0
	r1 = r7
	call bpf_spin_lock
	r1 = r7
	call bpf_spin_unlock
	r1 = 4
	r2 = r0
	call put
2:	r1 = rb ll
	r2 = 8
	r3 = 0
	call bpf_ringbuf_reserve
	if r0 == 0 goto 3f
	r1 = r0
	r2 = 0
	call bpf_ringbuf_discard
3:	r0 = 0
	exit

	.text
# the callback first: a label only taken with `ll` is no function symbol of its own
add_key:
	r2 = *(u32 *)(r2 + 0)
	r3 = *(u64 *)(r4 + 0)
	r3 += r2
	*(u64 *)(r4 + 0) = r3
	r0 = 0
	exit

	.include "put.inc"
