# fields.s: a socket filter that returns __sk_buff fields packed into r0 (protocol in bits
# 0-15, pkt_type 16-19, ifindex 20-23, mark 24-31) and stores len and skb[0] in cb, so a
# test run in the kernel and the emulator can be compared field by field.
	.license "GPL"
	.section socket
fields:
	r6 = r1
	r0 = *(u8 *)skb[0]
	*(u32 *)(r6 + __sk_buff.cb) = w0
	r0 = *(u32 *)(r6 + __sk_buff.protocol)
	r1 = *(u32 *)(r6 + __sk_buff.pkt_type)
	r1 <<= 16
	r0 |= r1
	r1 = *(u32 *)(r6 + __sk_buff.ifindex)
	r1 <<= 20
	r0 |= r1
	r1 = *(u32 *)(r6 + __sk_buff.mark)
	r1 <<= 24
	r0 |= r1
	exit
