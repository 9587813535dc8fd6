# map_u32_u64.s: the same map as map_u32_u64.c, for the BTF comparison with clang.
	.license "GPL"
	.map m, hash, key=u32, value=u64, entries=16
	.section socket
prog:
	r0 = 0
	exit
