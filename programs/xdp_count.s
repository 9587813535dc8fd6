# xdp_count.s: IPv4 packets per protocol arriving on an interface, counted with XDP, the
# earliest point a program can see a received packet (on lo the kernel runs it in its
# generic, skb-based mode). Every packet is passed on.
#
#   bpfas programs/xdp_count.s -o xdp_count.bo
#   sudo bpfload xdp_count.bo --attach lo        # then ping 127.0.0.1
#
# Unlike a socket filter, XDP reads the packet directly: xdp_md.data and data_end are
# pointers, and the verifier accepts a read only after comparing the end of what will be
# read against data_end.
	.license "GPL"
	.map xdp_protos, array, key=u32, value=u64, entries=256
	.section xdp
xdp_count:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	r4 = r2
	r4 += ETH_HLEN + sizeof.iphdr           # the verifier wants this bound checked
	if r4 > r3 goto pass
	r5 = *(u16 *)(r2 + ethhdr.h_proto)
	if r5 != 0x0008 goto pass               # ETH_P_IP, as the big-endian bytes read little-endian
	r5 = *(u8 *)(r2 + ETH_HLEN + iphdr.protocol)
	*(u32 *)(r10 - 4) = w5
	r1 = xdp_protos ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto pass
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
pass:
	r0 = XDP_PASS
	exit
