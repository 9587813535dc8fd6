# mixed.s: an object with a section bpfload does not know beside one it does: --list shows
# both, the unknown one left out with a note, and the known program loads.
	.license "GPL"
	.section future_kind/not_known_here
unknown_kind:
	r0 = 0
	exit
	.section socket
known:
	r0 = 0
	exit
