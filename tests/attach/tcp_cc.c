/* tcp_cc.c: a TCP congestion control written in BPF, as a struct_ops map whose function
 * members are programs (only the three the kernel requires, doing nothing clever). bpfload
 * loads the programs against the kernel's tcp_congestion_ops, fills the map in the
 * kernel's layout and registers it; the test sees "bpfas_cc" among the kernel's
 * congestion controls while bpfload runs, and gone after. */
#define SEC(name) __attribute__((section(name), used))
typedef unsigned int __u32;

struct sock;
struct tcp_congestion_ops { /* the members used, by name: the kernel's layout differs */
	__u32 (*ssthresh)(struct sock *sk);
	void (*cong_avoid)(struct sock *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(struct sock *sk);
	char name[16];
};

SEC("struct_ops/bpfas_ssthresh") __u32 bpfas_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/bpfas_cong_avoid") void bpfas_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/bpfas_undo_cwnd") __u32 bpfas_undo_cwnd(unsigned long long *ctx)
{
	return 2;
}

SEC(".struct_ops") struct tcp_congestion_ops bpfas_cc = {
	.ssthresh = (void *)bpfas_ssthresh,
	.cong_avoid = (void *)bpfas_cong_avoid,
	.undo_cwnd = (void *)bpfas_undo_cwnd,
	.name = "bpfas_cc",
};

char _license[] SEC("license") = "GPL";
