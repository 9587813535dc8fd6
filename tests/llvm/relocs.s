# relocs.s: the relocations and symbols llvm-mc makes for BPF, to compare with bpfas:
# calls within and across sections, map and global-data loads, data words with symbols,
# local and global labels, weak symbols, numeric labels.
	.globl	ext_func, ext_var
	.text
	.globl	sub_global
	.type	sub_global,@function    # bpfas types called .text labels as functions itself
sub_global:
	r0 = r1
	call	sub_static
	exit
	.type	sub_static,@function
sub_static:
	r0 += 1
	exit
.Ltext_end:
	.size	sub_global, sub_static - sub_global   # bpfas sizes functions itself (libbpf
	.size	sub_static, .Ltext_end - sub_static   # needs st_size); llvm-mc leaves 0

	.section	"socket/x","ax",@progbits
	.globl	prog
	.type	prog,@function
prog:
	call	sub_global
	call	ext_func
	r1 = the_map ll
	r2 = .Lstr ll
	r3 = .Lstr + 3 ll
	r4 = counter ll
	r5 = ext_var ll
	r6 = counter + 4 ll
1:	if r1 == 0 goto 1f
	goto	1b
1:	r0 = 0
	exit
.Lprog_end:
	.size	prog, .Lprog_end - prog

	.section	.maps,"aw",@progbits
	.globl	the_map
	.p2align	3
the_map:
	.zero	32
	.size	the_map, 32

	.section	.rodata.str1.1,"aMS",@progbits,1
.Lstr:
	.asciz	"hello, world"

	.data
	.globl	counter
	.weak	weakling
counter:
	.long	1, 2
	.quad	the_map
	.quad	counter + 4
	.long	ext_var
weakling:
	.byte	1, 2, 3
	.short	0x1234
	.p2align	3
	.8byte	0x1122334455667788

	# 4-byte values naming symbols: which get R_BPF_64_NODYLD32 and which R_BPF_64_ABS32
	.section	.BTF,"",@progbits
	.long	sub_global               # named, in code: ABS32
	.long	.Lprog_end               # temporary, in code: NODYLD32
	.long	counter                  # named, writable data: NODYLD32
	.long	.Lstr                    # temporary, read-only data: ABS32
	.long	weakling                 # named, writable data, weak: NODYLD32
	.long	ext_var                  # undefined: ABS32

	.bss
	.globl	zeroes
zeroes:
	.zero	16
