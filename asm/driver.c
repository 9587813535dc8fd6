/* driver.c: the top of libbpfas: a run's life (asm_new, asm_free), reading a source,
 * scanning and parsing it (lexer.l, parser.y), then resolving (resolve.c) and reporting
 * (diag.c). Nothing below calls up into it. */
#include <errno.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diag.h"
#include "scan.h"
#include "resolve.h"
#include "parser.h"
#include "lexer.h"

struct asm_ctx *asm_new(const struct asm_options *opt)
{
	struct asm_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	if (opt)
		ctx->opt = *opt;
	if (asm_ctx_init(ctx) < 0) {
		free(ctx);
		return NULL;
	}
	return ctx;
}

void asm_free(struct asm_ctx *ctx)
{
	if (!ctx)
		return;
	asm_scan_end(ctx);
	asm_ctx_release(ctx);
	free(ctx);
}

unsigned asm_errors(const struct asm_ctx *ctx)
{
	return ctx->nerrors;
}

unsigned asm_warnings(const struct asm_ctx *ctx)
{
	return ctx->nwarnings;
}

/* Scan and parse one loaded file, then resolve everything and report. */
static int assemble_loaded(struct asm_ctx *ctx, uint16_t file)
{
	jmp_buf fatal;
	int err;

	ctx->lex_fatal = &fatal;
	if (setjmp(fatal)) { /* the scanner could not allocate: its state is lost */
		ctx->scanner = NULL;
		ctx->lex_fatal = NULL;
		ctx->oom = true;
		asm_finish(ctx);
		asm_diag_flush(ctx);
		return -ENOMEM;
	}
	asm_source_release_begin(ctx, file);
	err = asm_scan_begin(ctx, file);
	if (err) {
		ctx->lex_fatal = NULL;
		if (err == -ENOMEM)
			ctx->oom = true;
		asm_finish(ctx);
		asm_diag_flush(ctx);
		return err;
	}
	asm_yyparse(ctx->scanner, ctx);
	asm_scan_end(ctx);
	ctx->lex_fatal = NULL;
	err = asm_finish(ctx);
	asm_diag_flush(ctx);
	return ctx->oom ? -ENOMEM : err;
}

int asm_assemble_buffer(struct asm_ctx *ctx, const char *name, const char *buf, size_t len)
{
	struct asm_file *f;

	if (ctx->finished || ASM_GROW(ctx->files, ctx->nfiles, ctx->capfiles) < 0)
		return -EINVAL;
	f = &ctx->files[ctx->nfiles];
	memset(f, 0, sizeof(*f));
	f->name = strdup(name);
	f->buf = malloc(len + 2);
	if (!f->name || !f->buf) {
		free(f->name);
		free(f->buf);
		return -ENOMEM;
	}
	if (len)
		memcpy(f->buf, buf, len);
	f->buf[len] = f->buf[len + 1] = '\0';
	f->len = len;
	return assemble_loaded(ctx, (uint16_t)ctx->nfiles++);
}

int asm_assemble_file(struct asm_ctx *ctx, const char *path)
{
	int idx;

	if (ctx->finished)
		return -EINVAL;
	idx = asm_load_file(ctx, path, !strcmp(path, "-") ? "<stdin>" : path);
	if (idx < 0) {
		asm_error(ctx, NULL, "cannot read %s: %s", path, strerror(-idx));
		asm_diag_flush(ctx);
		return idx;
	}
	if (ctx->files[idx].len >= 4 && !memcmp(ctx->files[idx].buf, "\177ELF", 4)) {
		asm_error(ctx, NULL, "%s is an ELF object, not assembly; to read it, disassemble it: bpfas -d %s", path, path);
		asm_diag_flush(ctx);
		return -EINVAL;
	}
	return assemble_loaded(ctx, (uint16_t)idx);
}

const uint8_t *asm_section_bytes(const struct asm_ctx *ctx, const char *name, size_t *len)
{
	for (size_t i = 0; i < ctx->nsecs; i++) {
		if (!strcmp(ctx->secs[i].name, name)) {
			*len = ctx->secs[i].data.len;
			return ctx->secs[i].data.p;
		}
	}
	*len = 0;
	return NULL;
}
