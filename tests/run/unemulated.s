# unemulated.s: a helper the emulator does not emulate.
	.license "GPL"
	.section socket
unemulated:
	call bpf_get_socket_cookie
	r0 = 0
	exit
