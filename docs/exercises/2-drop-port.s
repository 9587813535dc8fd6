# 2-drop-port.s: the starting point of exercise 2 (README.md, exercise 2, says what to build).
# It assembles and loads as it is; it passes everything.
	.license "GPL"
	.map dropped, array, key=u32, value=u64, entries=1

	.section xdp
drop_port:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	# TODO: an IPv4 frame carrying UDP to port 7777: add 1 to dropped[0] and return
	# XDP_DROP. Ports are big-endian in the packet.
	r0 = XDP_PASS
	exit
