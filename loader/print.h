/* print.h: map contents as text or JSON lines, decoded by the types the object declares. */
#ifndef BPFLOAD_PRINT_H
#define BPFLOAD_PRINT_H
#include <stdbool.h>
#include <stdio.h>

#include "object.h"

struct ldr_print_options {
	const char *const *only; /* map names to print; none: every map the object defines */
	size_t nonly;
	bool json;
	bool final;
	double time;             /* seconds since the programs were attached */
	FILE *out;
};

int ldr_print_maps(struct ldr_object *obj, const struct ldr_print_options *opt);
/* Possible CPUs, for sizing per-CPU values. */
int ldr_possible_cpus(void);

#endif
