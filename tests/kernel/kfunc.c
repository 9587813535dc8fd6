/* kfunc.c: tests/kernel/kfunc.s in C, for test_tracepoint.sh. clang calls each kfunc
 * (`extern ... __ksym`) as `call -1` with src_reg 1 and an R_BPF_64_32 relocation to the
 * undefined symbol, and lists them in BTF as extern FUNCs in a DATASEC .ksyms, which the
 * loader must make acceptable to the kernel, as libbpf does. It is not among the
 * tests/llvm sources of the differential test: clang's assembly calls the kfuncs without
 * declaring them, which bpfas refuses (it wants `.extern NAME`), and bpfas encodes a
 * kfunc call with src_reg 2 as the design says where llvm-mc writes 1. */
#include <linux/bpf.h>
#include <linux/types.h>
#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name
#define __ksym __attribute__((section(".ksyms")))
static __u64 (*bpf_get_current_pid_tgid)(void) = (void *)BPF_FUNC_get_current_pid_tgid;
static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *)BPF_FUNC_map_lookup_elem;
static long (*bpf_map_update_elem)(void *map, const void *key, const void *value, __u64 flags) = (void *)BPF_FUNC_map_update_elem;
struct bpf_iter_num { __u64 __opaque[1]; } __attribute__((aligned(8)));
extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 4096);
} steps SEC(".maps");
SEC("tracepoint/syscalls/sys_enter_getpid")
int count(void *ctx)
{
	struct bpf_iter_num it;
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 n = 0, *v;
	bpf_iter_num_new(&it, 0, 5);
	while (bpf_iter_num_next(&it))
		n++;
	bpf_iter_num_destroy(&it);
	v = bpf_map_lookup_elem(&steps, &pid);
	if (v)
		__sync_fetch_and_add(v, n);
	else
		bpf_map_update_elem(&steps, &pid, &n, BPF_NOEXIST);
	return 0;
}
char _license[] SEC("license") = "GPL";
