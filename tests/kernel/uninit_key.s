# uninit_key.s: a map lookup whose key on the stack was never written. Root's programs may
# read uninitialised stack (CAP_PERFMON), so this loads; --strict refuses it, as the
# verifier refuses it for a user without those capabilities.
	.license "GPL"
	.map m, array, key=u32, value=u64, entries=4
	.section socket
uninit:
	r1 = m ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	r0 = 0
	exit
