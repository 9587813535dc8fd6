.section socket1
there:
	exit
.section socket2
	goto there
	exit
