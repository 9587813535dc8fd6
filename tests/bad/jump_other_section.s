.section socket1
prog:
	goto elsewhere
	exit
.section socket2
elsewhere:
	exit
