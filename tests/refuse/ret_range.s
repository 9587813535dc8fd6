# ret_range.s: a cgroup_skb program must return 0 or 1.
	.license "GPL"
	.section cgroup_skb/ingress
ret_range:
	r0 = 2
	exit	# refused here
