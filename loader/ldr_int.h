/* ldr_int.h: what the library's own modules share and its users do not see. */
#ifndef BPFLOAD_LDR_INT_H
#define BPFLOAD_LDR_INT_H
#include "object.h"

/* Say "PATH: message" through the object's log; -EINVAL. */
int ldr_fail(struct ldr_object *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new map of the object, zeroed, fd -1. */
struct ldr_map *ldr_add_map(struct ldr_object *o);

#endif
