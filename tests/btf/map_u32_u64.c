/* map_u32_u64.c: the map of map_u32_u64.s written in C; clang's BTF for it is the
 * reference test_bpftool.sh compares bpfas's with. */
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 16);
} m SEC(".maps");

SEC("socket")
int prog(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
