# ringbuf_leak.s: a ring buffer record reserved and never submitted.
	.license "GPL"
	.map events, ringbuf, entries=4096
	.section socket
ringbuf_leak:
	r1 = events ll
	r2 = 8
	r3 = 0
	call bpf_ringbuf_reserve
	r0 = 0
	exit	# refused here
