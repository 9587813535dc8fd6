# undeclared.s: names declared nowhere (clang's -S never declares __kconfig and __ksym
# variables or kfuncs): llvm-mc makes them undefined globals; bpfas does too, with a warning.
	.text
	.section socket,"ax",@progbits
	.globl	prog
	.type	prog,@function
prog:
	r1 = LINUX_KERNEL_VERSION ll
	r2 = *(u64 *)(r1 + 0)
	call	bpf_some_kfunc
	r0 = 0
	exit
	.size	prog, 48
	.section .data,"aw",@progbits
	.globl	where
where:
	.quad	some_ksym
