/* facts.h: what the test programs written in C share, without libbpf's headers: the
 * section and map-definition macros, and an array map of u64 facts that the program
 * fills slot by slot and bpfload prints. FACTS(name, n) defines it; put(k, v) stores. */
#ifndef BPFAS_TEST_FACTS_H
#define BPFAS_TEST_FACTS_H
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
typedef unsigned int __u32;
typedef unsigned long long __u64;

static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)2;

#define FACTS(name, n)                                                                            \
	struct {                                                                                  \
		__uint(type, 2 /* BPF_MAP_TYPE_ARRAY */);                                         \
		__type(key, __u32);                                                               \
		__type(value, __u64);                                                             \
		__uint(max_entries, n);                                                           \
	} name SEC(".maps");                                                                      \
	static __attribute__((always_inline)) void put(__u32 k, __u64 v)                          \
	{                                                                                         \
		bpf_map_update_elem(&name, &k, &v, 0);                                            \
	}
#endif
