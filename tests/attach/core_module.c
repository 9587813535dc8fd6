/* core_module.c: CO-RE relocations on types that vmlinux lacks and a kernel module's BTF
 * has. This kernel has no module BTF, so the test builds a folder laid out as
 * /sys/kernel/btf: vmlinux, and a module `bpfas_mod` whose split BTF it writes by hand
 * (the struct below with a u32 in front and the enum below with other values, plus a
 * 4-byte task_struct that must not be used: vmlinux has task_struct, and a module's
 * types are candidates only when vmlinux has none). Each result goes to `facts`. */
#include "facts.h"

struct bpfas_mod_stats {
	__u64 hits;
	__u64 drops;
} __attribute__((preserve_access_index));
struct task_struct {
	int pid;
} __attribute__((preserve_access_index));
enum bpfas_mod_state___l { BPFAS_MOD_OFF___l = 1 };

FACTS(facts, 8)

SEC("syscall") int core_module(void *ctx)
{
	struct bpfas_mod_stats *s = 0;

	put(0, __builtin_preserve_field_info(s->drops, 0 /* byte offset */));
	put(1, __builtin_preserve_type_info(*(struct bpfas_mod_stats *)0, 1 /* size */));
	put(2, __builtin_preserve_enum_value(*(enum bpfas_mod_state___l *)BPFAS_MOD_OFF___l, 1 /* value */));
	put(3, __builtin_btf_type_id(*(struct bpfas_mod_stats *)0, 1 /* target id */));
	put(4, __builtin_preserve_type_info(*(struct task_struct *)0, 1));
	return 0;
}

char _license[] SEC("license") = "GPL";
