# sockex1.s: count bytes per IP protocol on an interface, the kernel's samples/bpf/sockex1
# written in assembly.
#
# A socket filter runs for every packet a raw socket sees. This one reads the IP header's
# protocol byte, looks it up in an array map and adds the packet's length to the entry.
# The loader then reads the map: how many bytes of TCP (6), UDP (17) and ICMP (1) went out.
#
#   bpfas programs/sockex1.s -o sockex1.bo
#   sudo bpfload sockex1.bo --attach lo      # then `ping -c5 localhost` elsewhere
#
# The C original (samples/bpf/sockex1_kern.c):
#
#   int bpf_prog1(struct __sk_buff *skb)
#   {
#           int index = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
#           long *value;
#
#           if (skb->pkt_type != PACKET_OUTGOING)
#                   return 0;
#           value = bpf_map_lookup_elem(&my_map, &index);
#           if (value)
#                   __sync_fetch_and_add(value, skb->len);
#           return 0;
#   }

	.license "GPL"                  # helpers such as bpf_map_lookup_elem need a GPL program

# The map's key is an IP protocol number. Declaring it as an enum lets the loader print
# "UDP 470" instead of "17 470", as the article's sockex1_user did by hand.
	.enum ip_proto, ICMP=1, TCP=6, UDP=17

# my_map: 256 counters (one per protocol number), 8 bytes each, indexed by a 4-byte key.
	.map my_map, array, key=ip_proto, value=u64, entries=256

# "socket" makes a BPF_PROG_TYPE_SOCKET_FILTER program. samples/bpf called the section
# "socket1"; libbpf 1.x (and so bpftool) only knows "socket", bpfload knows both.
	.section socket
bpf_prog1:                              # r1 = struct __sk_buff *skb, the context
	r6 = r1                         # legacy packet loads read the packet through r6

	# index = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol))
	# The old BPF_ABS load: r0 = the byte at offset 14 + 9 = 23 of the packet.
	r0 = *(u8 *)skb[ETH_HLEN + iphdr.protocol]
	*(u32 *)(r10 - 4) = r0          # keep index on the stack: lookups take a pointer to the key

	# if (skb->pkt_type != PACKET_OUTGOING) return 0;
	# The verifier rewrites this context load into a read of the real struct sk_buff.
	r1 = *(u32 *)(r6 + __sk_buff.pkt_type)
	if r1 != PACKET_OUTGOING goto out

	# value = bpf_map_lookup_elem(&my_map, &index)
	r1 = my_map ll                  # a 64-bit load; the loader puts the map's fd here
	r2 = r10
	r2 += -4                        # r2 = &index
	call bpf_map_lookup_elem        # r0 = pointer to the value, or NULL
	if r0 == 0 goto out             # the verifier insists on this NULL check

	# __sync_fetch_and_add(value, skb->len): an atomic add, safe on every CPU at once
	r1 = *(u32 *)(r6 + __sk_buff.len)
	lock *(u64 *)(r0 + 0) += r1

out:
	r0 = 0                          # a socket filter returns how many bytes to keep;
	exit                            # 0 drops the packet for this socket only
