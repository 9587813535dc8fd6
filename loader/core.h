/* core.h: CO-RE relocations of a program's instructions, resolved against the kernel's
 * BTF (field offsets and sizes, field existence, type sizes). */
#ifndef BPFLOAD_CORE_H
#define BPFLOAD_CORE_H
#include "object.h"

/* Apply the CO-RE relocations of ELF section `sec` that fall in [start, end), a stretch
 * of it placed at instruction `pos` of p. 0, or -EINVAL after
 * saying why through the object's log. */
int ldr_core_apply(struct ldr_object *o, struct ldr_prog *p, const char *sec, uint64_t start, uint64_t end, uint32_t pos);

#endif
