# rodata_write.s: a store into .rodata, which the kernel freezes read-only.
	.license "GPL"
	.section .rodata
msg:	.asciz "hello"
	.section socket
rodata_write:
	r1 = msg ll
	*(u8 *)(r1 + 0) = 72
	r0 = 0
	exit
