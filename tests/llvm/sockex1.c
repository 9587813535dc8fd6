/* sockex1.c: samples/bpf/sockex1_kern.c with its few macros spelled out, so that clang
 * needs no libbpf headers. Used by test_llvm.sh (clang -S output must assemble with bpfas
 * to the same bytes and relocations as with llvm-mc) and test_bpfload.sh. With
 * -DLEGACY_MAPS it is sockex1 as samples/bpf wrote it before BTF: a struct bpf_map_def in
 * the "maps" section and the program in "socket1", which libbpf 1.x refuses and bpfload
 * takes. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/ip.h>
#include <stddef.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");

#ifdef LEGACY_MAPS
struct bpf_map_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};

struct bpf_map_def my_map SEC("maps") = {
	.type = BPF_MAP_TYPE_ARRAY,
	.key_size = sizeof(__u32),
	.value_size = sizeof(long),
	.max_entries = 256,
};
#else
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, long);
	__uint(max_entries, 256);
} my_map SEC(".maps");
#endif

SEC("socket1")
int bpf_prog1(struct __sk_buff *skb)
{
	int index = load_byte(skb, ETH_HLEN + offsetof(struct iphdr, protocol));
	long *value;

	if (skb->pkt_type != PACKET_OUTGOING)
		return 0;
	value = bpf_map_lookup_elem(&my_map, &index);
	if (value)
		__sync_fetch_and_add(value, skb->len);
	return 0;
}

char _license[] SEC("license") = "GPL";
