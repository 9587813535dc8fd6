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
	bool strict;        /* verify programs as for a user without CAP_PERFMON and CAP_SYS_ADMIN */
	FILE *json;         /* a refusal also as one JSON object here (--json), when set */
	const char *cfg_out; /* a refused program's graph with the verifier's path, drawn here */
	bool keep_log;       /* load with the verifier's log and keep it in ldr_prog.verifier_log */
};

/* BTF, maps, programs, program arrays: 0, or a negative errno after saying what failed
 * (through the object's log):
 * -EPERM when privileges are missing, anything else a refusal of the kernel's. */
int ldr_load(struct ldr_object *obj, const struct ldr_load_options *opt);
/* Pin every map and program under DIR (on bpffs, mounted if needed). */
int ldr_pin(struct ldr_object *obj, const char *dir);

#endif
