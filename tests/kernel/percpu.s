# percpu.s: counts packets leaving through the socket's interface in a per-CPU array,
# one slot per CPU, so bpfload must add the CPUs' values up.
	.license "GPL"
	.map per_cpu, percpu_array, key=u32, value=u64, entries=1
	.section socket
count_out:
	r1 = *(u32 *)(r1 + __sk_buff.pkt_type)
	if r1 != PACKET_OUTGOING goto out
	*(u32 *)(r10 - 4) = 0
	r1 = per_cpu ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = *(u64 *)(r0 + 0)           # this CPU's own slot: no atomic needed
	r1 += 1
	*(u64 *)(r0 + 0) = r1
out:
	r0 = 0
	exit
