# alu.s: RFC 9669's defined results, written into the memory block (--mem) one u64 each:
# division by zero gives 0, modulo by zero leaves the dividend, signed division and modulo
# truncate toward zero, shift amounts are masked to the operand's width. r0 is the u32 at
# offset 40 of the block, byte-swapped.
	.license "GPL"
	.section socket
alu:
	r2 = 7
	r3 = 0
	r4 = r2
	r4 /= r3
	*(u64 *)(r1 + 0) = r4
	r4 = r2
	r4 %= r3
	*(u64 *)(r1 + 8) = r4
	r4 = -7
	r4 s/= 2
	*(u64 *)(r1 + 16) = r4
	r4 = -7
	r4 s%= 2
	*(u64 *)(r1 + 24) = r4
	r4 = 1
	r5 = 65
	r4 <<= r5
	*(u64 *)(r1 + 32) = r4
	r0 = *(u32 *)(r1 + 40)
	r0 = bswap32 r0
	exit
