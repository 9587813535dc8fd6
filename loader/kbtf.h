/* kbtf.h: the kernel's BTF, for the object's kfunc calls and CO-RE relocations. */
#ifndef BPFLOAD_KBTF_H
#define BPFLOAD_KBTF_H
#include "object.h"

/* The kernel's BTF into o->kbtf, read once from /sys/kernel/btf/vmlinux; 0, or a negative
 * errno after saying why through the object's log. */
int ldr_kernel_btf(struct ldr_object *o);

#endif
