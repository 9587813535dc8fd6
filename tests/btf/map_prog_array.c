/* map_prog_array.c: the program array of map_prog_array.s in C, with a program in slot 2
 * (libbpf's __array(values, ...) initializer); clang's BTF for it is the reference. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __array(name, val) typeof(val) *name[]

SEC("socket")
int second(struct __sk_buff *skb)
{
	return 0;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
	__uint(max_entries, 4);
	__array(values, int (void *));
} jumps SEC(".maps") = {
	.values = { [2] = (void *)&second },
};

char _license[] SEC("license") = "GPL";
