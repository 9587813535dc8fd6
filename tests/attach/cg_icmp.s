# cg_icmp.s: a cgroup_skb program on the egress of a cgroup, counting the ICMP packets
# its processes send (it sees them from the IP header on). The test runs ping in a cgroup
# of its own: its echo requests are counted, the replies (sent by the kernel) are not.
	.license "GPL"
	.map sent, array, key=u32, value=u64, entries=1

	.section cgroup_skb/egress
cg_icmp:
	r6 = r1
	r2 = 9                                  # iphdr.protocol, from the IP header
	r3 = r10
	r3 += -8
	r4 = 1
	call bpf_skb_load_bytes
	if r0 != 0 goto out
	r1 = *(u8 *)(r10 - 8)
	if r1 != IPPROTO_ICMP goto out
	*(u32 *)(r10 - 4) = 0
	r1 = sent ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
out:
	r0 = 1                                  # let it go
	exit
