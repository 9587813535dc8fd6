# A GNU mnemonic in a file read as pseudo-C: one error that says how to read it.
	r1 = 2
	mov %r1, 2
	exit
