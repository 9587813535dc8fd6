# alu_loop.s: the interpreter benchmark's ALU loop, 6 instructions a turn, TURNS turns
# (-D TURNS=N), as ubpf's benchmark runs it.
	.license "GPL"
	.section socket
alu_loop:
	r0 = 0
	r2 = TURNS
1:	r0 += r2
	r0 ^= 0x5a
	r3 = r0
	r3 >>= 3
	r2 -= 1
	if r2 != 0 goto 1b
	exit
