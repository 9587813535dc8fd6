# map_prog_array.s: the same program array as map_prog_array.c, for the BTF comparison
# with clang.
	.license "GPL"
	.map jumps, prog_array, key=4, value=4, entries=4, slot2=second
	.section socket
second:
	r0 = 0
	exit
