# too_large.s: a loop of 3,000,000 turns that the verifier walks turn by turn until it gives
# up at 1,000,000 processed instructions ("BPF program is too large").
	.license "GPL"
	.section socket
big:
	r1 = 0
1:	r1 += 1
	if r1 < 3000000 goto 1b
	r0 = 0
	exit
