/* kconfig.c: `extern ... __kconfig` variables, as libbpf's users write them: the kernel's
 * version, a bool option, a tristate, a number, and a weak option no kernel has. A
 * syscall program stores each in `kc` (slot by slot); the test works the values out of
 * uname and the kernel's own configuration. With -DSTRONG the missing option is not
 * weak, which the loader must refuse by name. */
#include "facts.h"
#define __kconfig __attribute__((section(".kconfig")))
#define __weak __attribute__((weak))

enum libbpf_tristate { TRI_NO = 0, TRI_YES = 1, TRI_MODULE = 2 };
extern __u32 LINUX_KERNEL_VERSION __kconfig;
extern _Bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_BPF_JIT __kconfig __weak;
extern int CONFIG_HZ __kconfig __weak;
#ifdef STRONG
extern _Bool CONFIG_NO_SUCH_OPTION_BPFAS __kconfig;
#else
extern _Bool CONFIG_NO_SUCH_OPTION_BPFAS __kconfig __weak;
#endif

FACTS(kc, 8)

SEC("syscall") int kconfig(void *ctx)
{
	put(0, LINUX_KERNEL_VERSION);
	put(1, CONFIG_BPF_SYSCALL);
	put(2, CONFIG_BPF_JIT);
	put(3, CONFIG_HZ);
	put(4, CONFIG_NO_SUCH_OPTION_BPFAS + 7); /* 0 + 7: a 0 would not be printed */
	return 0;
}

char _license[] SEC("license") = "GPL";
