# udp_ports.s: packets and bytes per UDP destination port, in a hash map whose value is
# a struct, so the loader (and bpftool) print each port's counts by field name.
#
#   bpfas programs/udp_ports.s -o udp_ports.bo
#   sudo bpfload udp_ports.bo --attach lo          # then send UDP datagrams to 127.0.0.1
#
# It reads the packet with the legacy BPF_ABS/BPF_IND loads, which return 16- and 32-bit
# values already in host byte order, and counts each datagram once: on lo a packet passes
# the socket twice, as outgoing and as incoming.

	.license "GPL"

	.struct flow, packets:u64, bytes:u64            # one counter pair per port
	.map ports, hash, key=u16, value=flow, entries=1024

	.section socket
count_udp:
	r6 = r1                                         # BPF_ABS/BPF_IND read the packet via r6

	r0 = *(u8 *)skb[ETH_HLEN + iphdr.protocol]
	if r0 != IPPROTO_UDP goto out
	r1 = *(u32 *)(r6 + __sk_buff.pkt_type)
	if r1 != PACKET_OUTGOING goto out

	# The UDP header starts after the IP header, whose length is ihl * 4 bytes: ihl is the
	# low nibble of the first IP byte.
	r0 = *(u8 *)skb[ETH_HLEN]
	r0 &= 0xf
	r0 <<= 2
	r7 = r0
	r0 = *(u16 *)skb[r7 + ETH_HLEN + udphdr.dest]   # BPF_IND: offset r7 + imm
	*(u16 *)(r10 - 2) = w0                          # the key: the destination port

	r1 = ports ll
	r2 = r10
	r2 += -2
	call bpf_map_lookup_elem
	if r0 != 0 goto count

	# First datagram to this port: insert a zeroed struct flow, then look it up again.
	*(u64 *)(r10 - 24) = 0                          # flow.packets
	*(u64 *)(r10 - 16) = 0                          # flow.bytes
	r1 = ports ll
	r2 = r10
	r2 += -2
	r3 = r10
	r3 += -24
	r4 = BPF_NOEXIST                                # another CPU may have inserted it: fine
	call bpf_map_update_elem
	r1 = ports ll
	r2 = r10
	r2 += -2
	call bpf_map_lookup_elem
	if r0 == 0 goto out

count:
	r1 = 1
	lock *(u64 *)(r0 + flow.packets) += r1
	r1 = *(u32 *)(r6 + __sk_buff.len)               # the whole frame, Ethernet header included
	lock *(u64 *)(r0 + flow.bytes) += r1

out:
	r0 = 0
	exit
