# include_cycle_b.s: the other half of include_cycle_a.s
	r0 = 0
.include "include_cycle_a.s"
