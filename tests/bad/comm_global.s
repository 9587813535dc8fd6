	.comm shared,4,4
