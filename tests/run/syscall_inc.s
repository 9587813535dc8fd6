# syscall_inc.s: a syscall program (loaded sleepable, as the kernel insists) returning its
# context's second u32 plus one.
	.license "GPL"
	.section syscall
sc:
	r0 = *(u32 *)(r1 + 4)
	r0 += 1
	*(u32 *)(r1 + 0) = r0
	exit
