/* kbtf.h: the kernel's BTF, for the object's kfunc calls, attach targets and CO-RE
 * relocations. */
#ifndef BPFLOAD_KBTF_H
#define BPFLOAD_KBTF_H
#include "object.h"

/* The kernel's BTF into o->kbtf, read once per process from /sys/kernel/btf/vmlinux and
 * shared by every object (the view is never closed); 0, or a negative
 * errno after saying why through the object's log. */
int ldr_kernel_btf(struct ldr_object *o);
/* The vmlinux BTF that CO-RE resolves against: the kernel's, or o->core_btf's (a file, or
 * a folder's vmlinux); NULL after saying why. */
const struct btf_view *ldr_core_vmlinux(struct ldr_object *o);
/* The modules' BTF (split on vmlinux) into o->kmods, read once: every file but vmlinux in
 * /sys/kernel/btf or the --core-btf folder. 0, or a negative errno after saying why. */
int ldr_core_modules(struct ldr_object *o, const struct btf_view *vmlinux);
/* Everything above, freed. */
void ldr_kbtf_close(struct ldr_object *o);

#endif
