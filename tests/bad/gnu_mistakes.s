# Mistakes in GNU's syntax, each said once at its place in words of that syntax.
	.syntax gnu
	movv %r1, 2
	ldxq %r1, [%r2+0]
	foo %r1, 2
	mov %r1, [%r2+1]
	ldxw %r11, [%r1+0]
	jeq %r1, 5, %r2
	lock mul [%r1+0], %r2
	endbe %r1, 8
	movs %r1, %r2, 12
	add32 %r1
	.syntax intel
	exit
