# helpers_tc.s: a tc program calling helpers one after another and keeping what each
# returned in `out` (slot: what): 0 skb_load_bytes of the IPv4 source (0), 1 the address
# read, 2 skb_load_bytes past the packet (-EFAULT), 3 l3_csum_replace and 4 l4_csum_replace
# for a new destination 10.0.0.2 (0 each), 5 skb_store_bytes of it (0), 6 the first of 1, 2, 3
# popped from a queue (1), 7 from a stack (3), 8 the queue's head peeked (2), 9 a push into
# a full queue (-E2BIG), 10 the same with BPF_EXIST (0, the oldest goes), 11 how many of
# `out`'s entries bpf_for_each_map_elem saw nonzero. The test compares all of it, and the
# rewritten packet, between the kernel and the emulator.
	.license "GPL"
	.map q, queue, value=u32, entries=4
	.map st, stack, value=u32, entries=4
	.map out, array, key=u32, value=u64, entries=16

	.section tc
helpers_tc:
	r6 = r1
	r1 = r6
	r2 = ETH_HLEN + 12
	r3 = r10
	r3 += -8
	r4 = 4
	call bpf_skb_load_bytes
	r1 = 0
	r2 = r0
	call put
	r1 = 1
	r2 = *(u32 *)(r10 - 8)
	call put
	r1 = r6
	r2 = 5000
	r3 = r10
	r3 += -8
	r4 = 4
	call bpf_skb_load_bytes
	r1 = 2
	r2 = r0
	call put
	# the destination address, and the new one in network order
	r1 = r6
	r2 = ETH_HLEN + 16
	r3 = r10
	r3 += -12
	r4 = 4
	call bpf_skb_load_bytes
	*(u32 *)(r10 - 16) = 0x0200000a
	r1 = r6
	r2 = ETH_HLEN + iphdr.check
	r3 = *(u32 *)(r10 - 12)
	r4 = *(u32 *)(r10 - 16)
	r5 = 4
	call bpf_l3_csum_replace
	r1 = 3
	r2 = r0
	call put
	r1 = r6
	r2 = ETH_HLEN + sizeof.iphdr + udphdr.check
	r3 = *(u32 *)(r10 - 12)
	r4 = *(u32 *)(r10 - 16)
	r5 = BPF_F_PSEUDO_HDR | BPF_F_MARK_MANGLED_0 | 4
	call bpf_l4_csum_replace
	r1 = 4
	r2 = r0
	call put
	r1 = r6
	r2 = ETH_HLEN + 16
	r3 = r10
	r3 += -16
	r4 = 4
	r5 = 0
	call bpf_skb_store_bytes
	r1 = 5
	r2 = r0
	call put
	# 1, 2, 3 into the queue and the stack
	r7 = 1
1:	*(u32 *)(r10 - 20) = w7
	r1 = q ll
	r2 = r10
	r2 += -20
	r3 = 0
	call bpf_map_push_elem
	r1 = st ll
	r2 = r10
	r2 += -20
	r3 = 0
	call bpf_map_push_elem
	r7 += 1
	if r7 <= 3 goto 1b
	r1 = q ll
	r2 = r10
	r2 += -20
	call bpf_map_pop_elem
	r1 = 6
	r2 = *(u32 *)(r10 - 20)
	call put
	r1 = st ll
	r2 = r10
	r2 += -20
	call bpf_map_pop_elem
	r1 = 7
	r2 = *(u32 *)(r10 - 20)
	call put
	r1 = q ll
	r2 = r10
	r2 += -20
	call bpf_map_peek_elem
	r1 = 8
	r2 = *(u32 *)(r10 - 20)
	call put
	# the queue holds 2, 3: two more fill it, a fifth fails, then BPF_EXIST makes room
	r7 = 4
2:	*(u32 *)(r10 - 20) = w7
	r1 = q ll
	r2 = r10
	r2 += -20
	r3 = 0
	call bpf_map_push_elem
	r7 += 1
	if r7 <= 6 goto 2b
	r1 = 9
	r2 = r0
	call put
	r1 = q ll
	r2 = r10
	r2 += -20
	r3 = BPF_EXIST
	call bpf_map_push_elem
	r1 = 10
	r2 = r0
	call put
	# how many of out's entries are nonzero
	*(u64 *)(r10 - 32) = 0
	r1 = out ll
	r2 = nonzero ll
	r3 = r10
	r3 += -32
	r4 = 0
	call bpf_for_each_map_elem
	r1 = 11
	r2 = *(u64 *)(r10 - 32)
	call put
	r0 = TC_ACT_OK
	exit

	.text
# the callback first: a label only taken with `ll` is no function symbol of its own
nonzero:
	r3 = *(u64 *)(r3 + 0)
	if r3 == 0 goto 1f
	r3 = 1
	lock *(u64 *)(r4 + 0) += r3
1:	r0 = 0
	exit

	.include "put.inc"
