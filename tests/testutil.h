/* testutil.h: helpers shared by the Check suites: assemble text with captured
 * diagnostics, write objects to memory, disassemble to a string. */
#ifndef BPFAS_TESTUTIL_H
#define BPFAS_TESTUTIL_H
#include <stddef.h>
#include <stdint.h>

#include <check.h>

#include "asm.h"
#include "bo.h"

struct tu_run {
	struct asm_ctx *ctx;
	char *diags;       /* every diagnostic's rendered text, concatenated */
	size_t diags_len;
	int err;           /* asm_assemble_* result */
};

/* Where .tracepoint reads formats in every later assembly (tests use a saved copy). */
void tu_use_tracefs(const char *dir);

/* Assemble `src` (named `name` in messages). Free with tu_done. */
void tu_assemble(struct tu_run *r, const char *name, const char *src);
void tu_assemble_file(struct tu_run *r, const char *path);
void tu_done(struct tu_run *r);

/* The object of a successful run, in memory (malloc'd). */
int tu_object(struct tu_run *r, uint8_t **buf, size_t *len);
/* The disassembly of an object in memory (malloc'd string). */
char *tu_disassemble(const uint8_t *obj, size_t len);
/* Read a whole file (malloc'd, NUL-terminated). */
char *tu_read(const char *path, size_t *len);
/* Parse "b7 01 00 ..." into bytes; returns the count or -1. */
int tu_hex(const char *s, uint8_t *out, size_t max);

/* Inside a Check test: assemble `src`, write the object, disassemble it, assemble the
 * text again, and assert that every program section has the same bytes. */
void tu_check_round_trip(const char *name, const char *src);
/* Run a suite; the process exit status. */
int tu_run_suite(Suite *s);

#endif
