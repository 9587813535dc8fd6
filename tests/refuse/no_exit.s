# no_exit.s: the program runs past its last instruction.
# bpfas: --no-check (bpfas refuses it: it is the one mistake the assembler always stops)
	.license "GPL"
	.section socket
no_exit:
	r0 = 0
	r0 += 1	# refused here
