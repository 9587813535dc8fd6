/* v4.c: code that makes clang -mcpu=v4 use the newer instructions: sign-extending loads
 * and moves, signed division, byte swaps, 32-bit jumps and gotol-free long code. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))

struct pkt {
	signed char a;
	short b;
	int c;
	long long d;
};

SEC("xdp")
int v4_prog(struct xdp_md *ctx)
{
	struct pkt *p = (void *)(long)ctx->data;
	struct pkt *end = (void *)(long)ctx->data_end;
	long long r;

	if (p + 1 > (struct pkt *)end)
		return XDP_PASS;
	r = p->a + p->b + p->c;
	r = r / (p->d | 1);
	r %= (int)(p->c | 3);
	r += __builtin_bswap32((unsigned)p->c) + __builtin_bswap16((unsigned short)p->b);
	r += (signed char)r;
	return r & 1 ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
