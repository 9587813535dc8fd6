# calls_across.s: calls from a program section to static and global functions of .text
# and of its own section (llvm-mc: a static one elsewhere is relocated against its section
# with the offset in the instruction; a global one always keeps its relocation).
	.text
	.type	sub_static,@function
sub_static:
	r0 = 1
	exit
	.size	sub_static, 16
	.globl	sub_global
	.type	sub_global,@function
sub_global:
	r0 = 2
	exit
	.size	sub_global, 16
	.section socket,"ax",@progbits
	.globl	prog
	.type	prog,@function
prog:
	call sub_static
	call sub_global
	call local_g
	call local_s
	exit
	.size	prog, 40
	.globl	local_g
	.type	local_g,@function
local_g:
	r0 = 3
	exit
	.size	local_g, 16
	.type	local_s,@function
local_s:
	r0 = 4
	exit
	.size	local_s, 16
