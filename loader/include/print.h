/* print.h: map contents as text or JSON lines, decoded by the types the object declares. */
#ifndef BPFLOAD_PRINT_H
#define BPFLOAD_PRINT_H
#include <stdbool.h>
#include <stdio.h>

#include "object.h"

/* Where map contents come from: the kernel (the default, through the map's fd) or the
 * emulator's memory. Per-CPU values come as one copy per possible CPU, each rounded up
 * to 8 bytes, as the kernel's lookup returns them. */
struct ldr_map_reader {
	int (*next_key)(void *arg, const struct ldr_map *m, const void *key, void *next);
	int (*lookup)(void *arg, const struct ldr_map *m, const void *key, void *value);
	void *arg;
};

struct ldr_print_options {
	const char *const *only; /* map names to print; none: every map the object defines */
	size_t nonly;
	bool json;
	bool final;
	double time;             /* seconds since the programs were attached */
	FILE *out;
	const char *when;        /* the text header's "(final, 1.2 s)" instead, when set */
	const struct ldr_map_reader *reader; /* NULL: the kernel */
};

int ldr_print_maps(struct ldr_object *obj, const struct ldr_print_options *opt);
/* A JSON string of s (at most n bytes, up to a NUL), quoted and escaped. */
void ldr_json_string(FILE *f, const char *s, size_t n);
/* Possible CPUs, for sizing per-CPU values. */
int ldr_possible_cpus(void);

#endif
