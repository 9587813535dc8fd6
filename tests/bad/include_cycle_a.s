# include_cycle_a.s: two files that include each other; said once, with the chain
.include "include_cycle_b.s"
