# map_arena.s: the same map as map_arena.c, for the BTF comparison with clang.
	.license "GPL"
	.map heap, arena, entries=1, flags=BPF_F_MMAPABLE, map_extra=1 << 32
	.section socket
prog:
	r0 = 0
	exit
