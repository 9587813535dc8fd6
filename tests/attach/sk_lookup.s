# sk_lookup.s: an sk_lookup program on bpfload's network namespace, counting the socket
# lookups for UDP datagrams to port 9 (discard) and letting every lookup go on as usual.
# The test sends 6 such datagrams through lo in a namespace of its own.
	.license "GPL"
	.map lookups, array, key=u32, value=u64, entries=1

	.section sk_lookup
sk_count:
	.equ sk_lookup_protocol, 12                 # offsetof(struct bpf_sk_lookup, protocol)
	.equ sk_lookup_local_port, 60               # offsetof(struct bpf_sk_lookup, local_port)
	r2 = *(u32 *)(r1 + sk_lookup_protocol)
	if r2 != IPPROTO_UDP goto pass
	r2 = *(u32 *)(r1 + sk_lookup_local_port)
	if r2 != 9 goto pass
	*(u32 *)(r10 - 4) = 0
	r1 = lookups ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto pass
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
pass:
	r0 = 1                                  # SK_PASS
	exit
