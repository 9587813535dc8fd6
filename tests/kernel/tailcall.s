# tailcall.s: tail calls through a program array filled at load time. For every packet
# `first` counts in hits[0], tail-calls the empty slot 3 (which fails and falls through),
# counts that in hits[2], then tail-calls slot 2, where `second` counts in hits[1] and
# ends the run. So all three counts equal the number of packets.
	.license "GPL"
	.map hits, array, key=u32, value=u64, entries=3
	.map jumps, prog_array, key=u32, value=u32, entries=4, slot2=second

	.section socket
first:
	r6 = r1
	r1 = 0
	call bump
	r1 = r6
	r2 = jumps ll
	r3 = 3                  # empty: bpf_tail_call returns, and we go on
	call bpf_tail_call
	r1 = 2
	call bump
	r1 = r6
	r2 = jumps ll
	r3 = 2                  # second: does not return here
	call bpf_tail_call
	r0 = 0
	exit

second:
	r1 = 1
	call bump
	r0 = 0
	exit

# bump(slot): hits[slot] += 1
	.text
bump:
	*(u32 *)(r10 - 4) = r1
	r1 = hits ll
	r2 = r10
	r2 += -4
	call bpf_map_lookup_elem
	if r0 == 0 goto 1f
	r1 = 1
	lock *(u64 *)(r0 + 0) += r1
1:	r0 = 0
	exit
