# two_xdp.s: two XDP programs in one object; an interface takes one, so bpfload asks for
# --prog before it loads anything.
	.license "GPL"
	.section xdp
first:
	r0 = XDP_PASS
	exit
	.section xdp/second
second:
	r0 = XDP_PASS
	exit
