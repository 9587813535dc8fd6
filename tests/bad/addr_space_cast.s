prog:
	w1 = addr_space_cast(w2, 0, 1)
	r1 = addr_space_cast(r2, 0, 65536)
	r1 = addr_space_cast(r2, 1)
	exit
