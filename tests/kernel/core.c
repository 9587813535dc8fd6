/* core.c: CO-RE (compile once, run everywhere) as clang writes it. The program's own
 * `struct task_struct___local` lists two fields in an order and at offsets the kernel
 * does not use; preserve_access_index makes clang record each access, and the loader
 * must put this kernel's offsets in. It counts getpid calls under the tgid it reads out
 * of the current task, which the test compares with the caller's pid, and writes three
 * facts about the kernel's task_struct into `facts`: whether it has `pid` (1), the size
 * of `pid` (4) and its own size, which the test compares with bpftool's reading of the
 * kernel's BTF. With -DMISSING it
 * reads a field no kernel has, which the loader must refuse by name. */
#include <linux/bpf.h>
#include <linux/types.h>

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct task_struct___local {
	int tgid;
	int pid;
#ifdef MISSING
	int no_such_field;
#endif
} __attribute__((preserve_access_index));

static __u64 (*bpf_get_current_task)(void) = (void *)BPF_FUNC_get_current_task;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *src) = (void *)BPF_FUNC_probe_read_kernel;
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)BPF_FUNC_map_update_elem;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} by_tgid SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 3);
} facts SEC(".maps");

static void fact(__u32 k, __u64 v)
{
	bpf_map_update_elem(&facts, &k, &v, BPF_ANY);
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int tgid_of_caller(void *ctx)
{
	struct task_struct___local *t = (void *)bpf_get_current_task();
	__u32 tgid = 0;
	__u64 one = 1, *n;

#ifdef MISSING
	bpf_probe_read_kernel(&tgid, sizeof(tgid), &t->no_such_field);
#else
	bpf_probe_read_kernel(&tgid, sizeof(tgid), &t->tgid);
#endif
	fact(0, __builtin_preserve_field_info(t->pid, 2 /* BPF_FIELD_EXISTS */));
	fact(1, __builtin_preserve_field_info(t->pid, 1 /* BPF_FIELD_BYTE_SIZE */));
	fact(2, __builtin_preserve_type_info(*t, 1 /* BPF_TYPE_SIZE */));
	n = bpf_map_lookup_elem(&by_tgid, &tgid);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&by_tgid, &tgid, &one, BPF_NOEXIST);
	return 0;
}

char _license[] SEC("license") = "GPL";
