/* core.c: a CO-RE field access (preserve_access_index), which bpfload refuses to load
 * rather than run with the compiler's offset; test_bpfload.sh checks the refusal. */
#include <linux/bpf.h>
#include <linux/types.h>
#define SEC(name) __attribute__((section(name), used))
struct task_struct { int pid; int tgid; } __attribute__((preserve_access_index));
static __u64 (*bpf_get_current_task)(void) = (void *)BPF_FUNC_get_current_task;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *src) = (void *)BPF_FUNC_probe_read_kernel;
static long (*bpf_trace_printk)(const char *fmt, __u32 fmt_size, ...) = (void *)BPF_FUNC_trace_printk;
SEC("tracepoint/syscalls/sys_enter_getpid")
int show(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	int pid = 0;
	bpf_probe_read_kernel(&pid, sizeof(pid), &t->tgid);
	char fmt[] = "tgid %d\n";
	bpf_trace_printk(fmt, sizeof(fmt), pid);
	return 0;
}
char _license[] SEC("license") = "GPL";
