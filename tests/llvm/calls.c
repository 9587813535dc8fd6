/* calls.c: BPF-to-BPF calls (static and global), a format string in .rodata, global data
 * in .data and .bss, 32-bit atomics and a loop: the relocation kinds clang produces. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)BPF_FUNC_trace_printk;
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 64);
} counts SEC(".maps");

int limit = 7;          /* .data */
__u32 seen;             /* .bss */
const char greeting[] = "hello %d\n";

static __attribute__((noinline)) int square(int x)
{
	return x * x;
}

__attribute__((noinline)) int sum_to(int n)
{
	int s = 0;
	for (int i = 0; i < n && i < 100; i++)
		s += square(i);
	return s;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int on_getpid(void *ctx)
{
	__u32 key = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &key);
	int s = sum_to(limit);

	if (v)
		__sync_fetch_and_add(v, 1);
	__sync_fetch_and_add(&seen, 1);
	bpf_trace_printk(greeting, sizeof(greeting), s);
	return s > 1000 ? 1 : 0;
}

char _license[] SEC("license") = "GPL";
