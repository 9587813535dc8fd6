/* core_kinds.c: one CO-RE relocation of every kind clang writes, each result stored in
 * the array map `facts` (slot by slot, below), by a syscall program that the test runs
 * once with BPF_PROG_TEST_RUN. The test works the expected values out of the kernel's
 * BTF with bpftool (sizes, ids, bit offsets) and of the object's own BTF (the local id),
 * and computes the bitfield's load and shifts the way libbpf does. */
#include "facts.h"

struct task_struct {
	int pid;
	unsigned int flags;
	unsigned int sched_reset_on_fork : 1;
} __attribute__((preserve_access_index));
struct task_struct___m { /* matches: the kernel has both */
	int tgid;
	int pid;
};
struct task_struct___x { /* does not match: no kernel has this field */
	int pid;
	int no_such_field_bpfas;
};
struct no_such_type_bpfas {
	int x;
};
enum bpf_map_type___l { BPF_MAP_TYPE_ARRAY___l = 1000, BPF_MAP_TYPE_NOT_THERE_BPFAS___l = 1001 };

FACTS(facts, 16)

SEC("syscall") int core_kinds(void *ctx)
{
	struct task_struct *t = 0;

	put(0, __builtin_preserve_type_info(*(struct task_struct *)0, 0 /* exists */));
	put(1, __builtin_preserve_type_info(*(struct no_such_type_bpfas *)0, 0));
	put(2, __builtin_preserve_type_info(*(struct task_struct *)0, 1 /* size */));
	put(3, __builtin_btf_type_id(*(struct task_struct *)0, 1 /* target id */));
	put(4, __builtin_btf_type_id(*(struct task_struct *)0, 0 /* local id */));
	put(5, __builtin_preserve_type_info(*(struct task_struct___m *)0, 2 /* matches */));
	put(6, __builtin_preserve_type_info(*(struct task_struct___x *)0, 2));
	put(7, __builtin_preserve_enum_value(*(enum bpf_map_type___l *)BPF_MAP_TYPE_ARRAY___l, 0 /* exists */));
	put(8, __builtin_preserve_enum_value(*(enum bpf_map_type___l *)BPF_MAP_TYPE_ARRAY___l, 1 /* value */));
	put(9, __builtin_preserve_enum_value(*(enum bpf_map_type___l *)BPF_MAP_TYPE_NOT_THERE_BPFAS___l, 0));
	put(10, __builtin_preserve_field_info(t->pid, 3 /* signed */));
	put(11, __builtin_preserve_field_info(t->flags, 3));
	put(12, __builtin_preserve_field_info(t->sched_reset_on_fork, 0 /* byte offset */));
	put(13, __builtin_preserve_field_info(t->sched_reset_on_fork, 1 /* byte size */));
	put(14, __builtin_preserve_field_info(t->sched_reset_on_fork, 4 /* lshift */));
	put(15, __builtin_preserve_field_info(t->sched_reset_on_fork, 5 /* rshift */));
	return 0;
}

char _license[] SEC("license") = "GPL";
