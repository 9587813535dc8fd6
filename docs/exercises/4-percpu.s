# 4-percpu.s: the starting point of exercise 4 (README.md, exercise 4, says what to build).
# It assembles and loads as it is; it counts nothing yet.
	.license "GPL"
	.struct totals, packets:u64, bytes:u64
	.map stats, percpu_array, key=u32, value=totals, entries=1

	.section xdp
percpu_count:
	# TODO: look up entry 0 (this CPU's copy) and add 1 packet and the frame's length
	# (data_end - data) to it, with plain loads and stores: no lock.
	r0 = XDP_PASS
	exit
