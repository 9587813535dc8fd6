/* ldr_int.h: what the library's own modules share and its users do not see. */
#ifndef BPFLOAD_LDR_INT_H
#define BPFLOAD_LDR_INT_H
#include "object.h"

/* Say "PATH: message" through the object's log; -EINVAL. */
int ldr_fail(struct ldr_object *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A type's or enumerator's name without its ___flavour suffix (`task_struct___old` is
 * `task_struct`), as CO-RE and struct_ops match names. */
size_t ldr_essential_len(const char *name);
/* Member `name` of struct or union `id` in v, through anonymous members as C does: its
 * type, bit offset and bitfield size (0: none). */
struct btf_view;
bool ldr_btf_member(const struct btf_view *v, uint32_t id, const char *name, uint32_t *type, uint64_t *bits,
		    uint32_t *bitfield);
/* A new map of the object, zeroed, fd -1. */
struct ldr_map *ldr_add_map(struct ldr_object *o);

#endif
