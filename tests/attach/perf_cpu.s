# perf_cpu.s: a perf_event program counting, per CPU, the samples of the cpu-clock event
# bpfload opens on each CPU (--freq HZ times a second). The test keeps both CPUs busy for
# a second at 50 Hz and checks every CPU's count against the frequency.
	.license "GPL"
	.map samples, array, key=u32, value=u64, entries=64

	.section perf_event
perf_cpu:
	call bpf_get_smp_processor_id
	*(u32 *)(r10 - 4) = w0
	r1 = samples ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto out
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
out:
	r0 = 0
	exit
