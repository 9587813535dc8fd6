# arena.s: arena pointer casts, which the verifier accepts only in a program that uses an
# arena map whose user address is set (here map_extra, which does not fit in 32 bits and
# so travels in BTF as an 8-byte enum) and only with the two casts the kernel defines.
# Assemble with -D ASPACE=1 (the arena's address space); -D ASPACE=2 gives casts the
# kernel refuses.
	.license "GPL"
	.map heap, arena, entries=1, flags=BPF_F_MMAPABLE, map_extra=0x100000000
	.section socket
casts:
	r1 = heap ll
	r2 = 0
	r2 = addr_space_cast(r2, 0, ASPACE)     # cast_kern
	r3 = addr_space_cast(r2, ASPACE, 0)     # cast_user
	r0 = 0
	exit
