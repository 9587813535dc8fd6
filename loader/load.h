/* load.h: putting an object into the kernel: BTF, maps, programs (with the verifier's
 * log when it refuses one), and taking it all out again. */
#ifndef BPFLOAD_LOAD_H
#define BPFLOAD_LOAD_H
#include <stdbool.h>
#include <stdio.h>

#include "object.h"

struct ldr_load_options {
	bool verbose;       /* the whole verifier log on failure, and notes along the way */
	uint32_t log_level; /* 1 by default; 2 for every state */
	FILE *out;          /* messages */
};

/* What failed, for the exit status: the kernel refused (2), or privileges or support
 * are missing (3). */
enum ldr_failure { LDR_OK, LDR_REFUSED, LDR_NO_PRIVILEGE };

enum ldr_failure ldr_load(struct ldr_object *obj, const struct ldr_load_options *opt);
/* Close every fd the object holds in the kernel (maps, programs, BTF). */
void ldr_unload(struct ldr_object *obj);
/* Pin every map and program under DIR (on bpffs, mounted if needed). */
int ldr_pin(struct ldr_object *obj, const char *dir, FILE *out);

#endif
