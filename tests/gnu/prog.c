/* For test_gnu.sh: bpf-gcc -S turns this into GNU's syntax; bpfas and bpf-as must make the
 * same object of it. A socket filter counting bytes by protocol, with legacy maps,
 * helpers by number, an atomic add, a loop, a switch table and global data. */
struct bpf_map_def { unsigned type, key_size, value_size, max_entries, flags; };
struct bpf_map_def __attribute__((section("maps"), used)) counts = {1, 4, 8, 256, 0};
void *bpf_map_lookup_elem(void *map, const void *key) __attribute__((kernel_helper(1)));
long bpf_map_update_elem(void *map, const void *key, const void *value,
			 unsigned long long flags) __attribute__((kernel_helper(2)));
struct sk { unsigned len, pkt_type, mark, queue_mapping, protocol; };
static __attribute__((noinline)) unsigned hash(unsigned x) { return (x * 2654435761u) >> 24; }
int total;
const char tag[] = "count";

__attribute__((section("socket"), used)) int prog(struct sk *skb)
{
	unsigned key = hash(skb->protocol);
	long *v = bpf_map_lookup_elem(&counts, &key);
	long one = 1;

	if (v)
		__sync_fetch_and_add(v, skb->len);
	else
		bpf_map_update_elem(&counts, &key, &one, 0);
	for (int i = 0; i < 8; i++)
		if ((skb->mark >> i) & 1)
			total += i;
	switch (skb->pkt_type) {
	case 0: return 1;
	case 1: return 2;
	case 3: return tag[1];
	default: return -1;
	}
}
char _license[] __attribute__((section("license"), used)) = "GPL";
