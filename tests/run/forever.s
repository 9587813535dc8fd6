# forever.s: a loop that never ends (the verifier refuses it; the emulator stops it).
	.license "GPL"
	.section socket
forever:
	r0 = 0
1:	r0 += 1
	goto 1b
