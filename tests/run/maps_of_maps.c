/* maps_of_maps.c: a tc program reaching array maps through an array of maps (slot = the
 * packet length's parity) and a hash of maps (key 1 only), both filled at load time from
 * __array(values, ...): an even length adds 1 to in0[0]; an odd one adds 1 to in1[0] and 10
 * to in1[1]. Built by the tests with clang-19 and run in the kernel and the emulator. */
#include <linux/bpf.h>
#define SEC(n) __attribute__((section(n), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __array(name, val) typeof(val) *name[]
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)1;

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} in0 SEC(".maps"), in1 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps") = { .values = { &in0, &in1 } };

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} byport SEC(".maps") = { .values = { [1] = &in1 } };

SEC("tc")
int maps_of_maps(struct __sk_buff *skb)
{
	__u32 k = skb->len & 1, j = 0;
	void *m = bpf_map_lookup_elem(&outer, &k);
	if (m) {
		__u64 *v = bpf_map_lookup_elem(m, &j);
		if (v) __sync_fetch_and_add(v, 1);
	}
	m = bpf_map_lookup_elem(&byport, &k);
	if (m) {
		j = 1;
		__u64 *v = bpf_map_lookup_elem(m, &j);
		if (v) __sync_fetch_and_add(v, 10);
	}
	return 0;
}
char LICENSE[] SEC("license") = "GPL";
