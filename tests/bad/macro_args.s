	.macro twice a
	\a
	\a
	.endm
	.section socket
p:
	twice r0 = 0, r1 = 1
	exit
