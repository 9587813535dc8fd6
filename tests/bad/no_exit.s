.section socket
prog:
	r0 = 0
	if r1 == 0 goto prog
