# 3-tcp-syn.s: the starting point of exercise 3 (README.md, exercise 3, says what to build).
# It assembles and loads as it is; it counts nothing yet.
	.license "GPL"
	.map syns, hash, key=u32, value=u64, entries=1024

	.section tc
tcp_syn:
	r2 = *(u32 *)(r1 + __sk_buff.data)
	r3 = *(u32 *)(r1 + __sk_buff.data_end)
	# TODO: for an IPv4 TCP segment with SYN set and ACK clear, add 1 to syns[port], the
	# destination port in host byte order (a new port starts at 1: bpf_map_update_elem).
	# The TCP header starts ihl * 4 bytes after the IP header; check every read against
	# data_end.
	r0 = TC_ACT_OK
	exit
