# index_negative.s: an index checked with a signed comparison only, so it may still be negative.
	.license "GPL"
	.map counts, array, key=u32, value=u64, entries=4
	.section socket
index_negative:
	r6 = *(u32 *)(r1 + __sk_buff.mark)
	r6 <<= 32
	r6 s>>= 32
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	if r6 s> 7 goto out
	r0 += r6	# refused here
	r1 = *(u8 *)(r0 + 0)
out:
	r0 = 0
	exit
