/* expect.h: --expect FILE, a program graded against test vectors. The file (its format in
 * bpfload(1) and docs/exercises/README.md) holds vectors; each is a script of inputs
 * (packets built by field, hex, pcap files; contexts) and of what must hold after them
 * (the return value, map entries). Every vector starts from fresh maps: a new load in the
 * kernel, a new emulator. Each vector passes, or fails at its first difference. */
#ifndef BPFLOAD_EXPECT_H
#define BPFLOAD_EXPECT_H
#include <stdbool.h>
#include <stdio.h>

#include "emu.h"
#include "load.h"
#include "object.h"

struct ldr_expect;

/* Read and check the vector file (relative paths in it are taken from its folder). 0, or
 * -EINVAL / a negative errno with err saying where and what is wrong. */
int ldr_expect_read(const char *path, struct ldr_expect **out, char *err, size_t errlen);
/* The program the file names with `program NAME`, or NULL. */
const char *ldr_expect_program(const struct ldr_expect *x);

struct ldr_expect_options {
	bool kernel, emulate;
	bool json;
	FILE *out;
	struct ldr_emu_options emu;
	const struct ldr_load_options *load; /* for the kernel's loads */
};

/* Every vector in each chosen back end. 0 with *failed the vectors that failed (in any
 * back end); or a negative errno with err saying what stopped the grading (the program
 * refused, the file not fitting the program): -EPERM missing privileges. */
int ldr_expect_run(struct ldr_expect *x, struct ldr_object *o, struct ldr_prog *p, const struct ldr_expect_options *opt,
		   unsigned long *failed, char *err, size_t errlen);
void ldr_expect_free(struct ldr_expect *x);

#endif
