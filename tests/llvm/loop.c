/* loop.c: tests/kernel/loop.s in C, for test_bpfload.sh: clang hands the callback to
 * bpf_loop as `r2 = <.text section> + offset ll` with an R_BPF_64_64 relocation, which the
 * loader must turn into a BPF_PSEUDO_FUNC reference. With -g, clang also gives the
 * callback the static BTF function the kernel insists on. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <stddef.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define LOOPS 5

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_loop)(__u32 n, void *fn, void *ctx, __u64 flags) = (void *)BPF_FUNC_loop;
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 1);
} hits SEC(".maps");

static long bump(__u64 index, void *ctx)
{
	__u32 key = 0;
	__u64 *n = bpf_map_lookup_elem(&hits, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("socket")
int udp_out(struct __sk_buff *skb)
{
	if (skb->pkt_type != PACKET_OUTGOING)
		return 0;
	if (load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol)) != IPPROTO_UDP)
		return 0;
	bpf_loop(LOOPS, bump, NULL, 0);
	return 0;
}

char _license[] SEC("license") = "GPL";
