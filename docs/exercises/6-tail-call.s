# 6-tail-call.s: the starting point of exercise 6 (README.md, exercise 6, says what to build).
# It assembles and loads as it is; the handlers are there, nothing calls them yet.
	.license "GPL"
	.map seen, array, key=u32, value=u64, entries=256
	.map by_protocol, prog_array, key=u32, value=u32, entries=256, slot6=on_tcp, slot17=on_udp

	.section xdp
dispatch:
	# TODO: for an IPv4 frame, tail-call by_protocol[its IP protocol]; if that returns
	# (an empty slot), count it as unhandled with `call count` and r1 = 0.
	r0 = XDP_PASS
	exit

on_tcp:
	r1 = IPPROTO_TCP
	call count
	r0 = XDP_PASS
	exit

on_udp:
	r1 = IPPROTO_UDP
	call count
	r0 = XDP_DROP
	exit

# count(slot): seen[slot] += 1
	.text
count:
	*(u32 *)(r10 - 4) = r1
	r1 = seen ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = 0
	exit
