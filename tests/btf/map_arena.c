/* map_arena.c: the arena map of map_arena.s in C, its map_extra wider than 32 bits and so
 * written with libbpf's __ulong() (an enum); clang's BTF for it is the reference. */
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __ulong(name, val) enum { __unique_value0 = val } name

struct {
	__uint(type, 33); /* BPF_MAP_TYPE_ARENA, newer than some headers */
	__uint(max_entries, 1);
	__uint(map_flags, BPF_F_MMAPABLE);
	__ulong(map_extra, 1ULL << 32);
} heap SEC(".maps");

SEC("socket")
int prog(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
