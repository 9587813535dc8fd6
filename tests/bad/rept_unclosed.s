	.section socket
p:
	.rept 3
	r0 += 1
	exit
