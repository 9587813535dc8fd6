# 5-histogram.s, a worked solution: a log2 histogram of the values system calls return,
# from the raw tracepoint sys_exit, whose arguments are (struct pt_regs *regs, long ret).
# Bucket b counts the returns from 2^b to 2^(b+1) - 1; errors (negative) and 0 are left out.
	.license "GPL"
	.map hist, array, key=u32, value=u64, entries=64

	.section raw_tracepoint/sys_exit
histogram:
	r1 = *(u64 *)(r1 + 8)                   # args[1]: the return value
	if r1 s< 1 goto out
	r2 = 0                                  # the bucket: floor(log2(r1)), by halving
	r3 = r1
	r3 >>= 32
	if r3 == 0 goto 1f
	r2 += 32
	r1 = r3
1:	r3 = r1
	r3 >>= 16
	if r3 == 0 goto 2f
	r2 += 16
	r1 = r3
2:	r3 = r1
	r3 >>= 8
	if r3 == 0 goto 3f
	r2 += 8
	r1 = r3
3:	r3 = r1
	r3 >>= 4
	if r3 == 0 goto 4f
	r2 += 4
	r1 = r3
4:	r3 = r1
	r3 >>= 2
	if r3 == 0 goto 5f
	r2 += 2
	r1 = r3
5:	r3 = r1
	r3 >>= 1
	if r3 == 0 goto 6f
	r2 += 1
6:	*(u32 *)(r10 - 4) = w2
	r1 = hist ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
out:
	r0 = 0
	exit
