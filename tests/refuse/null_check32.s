# null_check32.s: a lookup's value compared with 0 on its lower 32 bits only, which the
# verifier does not take as a NULL check.
	.license "GPL"
	.map counts, hash, key=u32, value=u64, entries=4
	.section socket
null_check32:
	*(u32 *)(r10 - 4) = 0
	r1 = counts ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if w0 == 0 goto out
	r1 = *(u64 *)(r0 + 0)	# refused here
out:
	r0 = 0
	exit
