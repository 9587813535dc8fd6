	.equ PORT, 53
prog:
	r0 = *(u32 *)(r1 + __sk_buff.lenn)
	r2 = PROT
	if r0 == XDP_PAS goto prog
	exit
