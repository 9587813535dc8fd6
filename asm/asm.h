/* asm.h: libbpfas, the assembler. One struct asm_ctx holds one run: the sources read,
 * sections, symbols, diagnostics; nothing here is global. */
#ifndef BPFAS_ASM_H
#define BPFAS_ASM_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct asm_ctx;

enum asm_severity { ASM_ERROR, ASM_WARNING, ASM_NOTE };

/* One diagnostic, as the sink receives it. `text` is the whole rendered message
 * (`file:line:col: error: msg`, the source line and a caret line, newline-terminated). */
struct asm_diag {
	enum asm_severity sev;
	const char *file;
	unsigned line, col;
	const char *msg;
	const char *text;
};

typedef void (*asm_diag_fn)(void *arg, const struct asm_diag *d);

struct asm_options {
	const char *const *include_dirs; /* for .include, after the including file's folder */
	size_t n_include_dirs;
	const char *tracefs;              /* for .tracepoint: a saved copy of tracefs */
	bool no_btf;                      /* write no .BTF/.BTF.ext */
	bool no_check;                    /* skip the static checks (checks.c) */
	bool gnu;                         /* start in GNU's syntax (`.syntax` switches) */
	bool release_source;              /* no line texts are wanted after assembly (no BTF, no
	                                   * listing): a large source file's memory is given back
	                                   * as the scanner passes it, and a diagnostic reads its
	                                   * line again from the file */
	asm_diag_fn diag;                 /* NULL: print to stderr */
	void *diag_arg;
};

struct asm_ctx *asm_new(const struct asm_options *opt);
void asm_free(struct asm_ctx *ctx);

/* -D NAME=VALUE: a constant visible to the whole source. */
int asm_define(struct asm_ctx *ctx, const char *name, int64_t value);

/* Assemble a file ("-" is standard input) or a buffer. Returns 0, or -EINVAL when the
 * source had errors (reported through the sink), or another negative errno. */
int asm_assemble_file(struct asm_ctx *ctx, const char *path);
int asm_assemble_buffer(struct asm_ctx *ctx, const char *name, const char *buf, size_t len);

unsigned asm_errors(const struct asm_ctx *ctx);
unsigned asm_warnings(const struct asm_ctx *ctx);

/* Outputs of a successful run. */
int asm_write_elf(struct asm_ctx *ctx, int fd);           /* the .bo object */
int asm_write_raw(struct asm_ctx *ctx, FILE *out);        /* instruction bytes */
int asm_write_c(struct asm_ctx *ctx, FILE *out);          /* struct bpf_insn initialisers */
int asm_write_hex(struct asm_ctx *ctx, FILE *out);        /* one instruction per line */
int asm_write_listing(struct asm_ctx *ctx, FILE *out);    /* offset, bytes, source */

/* Read access for tests and tools: the bytes of a section by name. */
const uint8_t *asm_section_bytes(const struct asm_ctx *ctx, const char *name, size_t *len);

/* The whole of a stream (a file in one read, a pipe as it comes), malloc'd, followed by
 * two NULs that *len does not count. 0, -ENOMEM or -EIO. */
int asm_read_all(FILE *f, char **out, size_t *len);
/* 0 when nothing written to f failed; else -ENOSPC when its file system is full, or -EIO. */
int asm_write_error(FILE *f);
/* Where an output named path goes: 1 to write into it where it stands (not a regular file,
 * or a descriptor of this process through /proc or /dev/fd); 0 with *real (malloc'd) the
 * regular or new file to rename over, at the end of any symbolic links; or -errno. */
int asm_output_target(const char *path, char **real);

#endif
