# comm.s: clang's zeroed statics (.local with .comm, and .lcomm) laid out in .bss as llvm-mc
# lays them out, and symbol visibility (.hidden, .protected).
	.text
	.globl	f
	.type	f,@function
f:
	r1 = counter ll
	r3 = lc ll
	r0 = *(u32 *)(r1 + 0)
	exit
	.size	f, 32
	.local	counter
	.comm	counter,4,4
	.lcomm	lc,16
	.hidden	f
	.protected g
	.globl	g
	.type	g,@function
g:
	exit
	.size	g, 8
