	.map a, array, key=u32, value=u64, entries=4, slot0=p
	.map j, prog_array, key=u32, value=u32, entries=4, slot4=p
	.map k, prog_array, key=u32, value=u32, entries=4, slot1=p, slot1=p
	.map l, prog_array, key=u32, value=u32, entries=4, slot1
	.section socket
p:
	r0 = 0
	exit
