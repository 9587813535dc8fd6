# 1-protocols.s: the starting point of exercise 1 (README.md, exercise 1, says what to build).
# It assembles and loads as it is; it counts nothing yet.
#   bpfas 1-protocols.s -o 1-protocols.bo
#   bpfload 1-protocols.bo --emulate --expect 1-protocols.vec
	.license "GPL"
	.struct counts, packets:u64, bytes:u64
	.map protocols, array, key=u32, value=counts, entries=256

	.section xdp
protocols_count:
	r2 = *(u32 *)(r1 + xdp_md.data)
	r3 = *(u32 *)(r1 + xdp_md.data_end)
	# TODO: leave out frames too short for an Ethernet and an IPv4 header (compare the
	# end of what you will read with data_end: the verifier insists), and frames whose
	# EtherType is not IPv4.
	# TODO: look up the entry of the IP protocol number and add 1 packet and the frame's
	# length in bytes to it.
	r0 = XDP_PASS
	exit
