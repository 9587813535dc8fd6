/* diag.c: diagnostics as `file:line:col: error: message`, the source line and a caret,
 * collected per run and handed to the sink in source order. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctx.h"
#include "diag.h"

static const char *const sev_names[] = {"error", "warning", "note"};

/* The lines still in memory: all of them, or those from `released` on. */
static void index_lines(struct asm_file *f)
{
	size_t n = 1, cap = (f->len - f->released) / 16 + 16;
	const char *p = f->buf + f->released, *end = f->buf + f->len;

	f->line_starts = malloc(cap * sizeof(*f->line_starts));
	if (!f->line_starts)
		return;
	f->index_base = f->released ? f->released_line : 1;
	f->line_starts[0] = f->released;
	while ((p = memchr(p, '\n', (size_t)(end - p)))) {
		p++;
		if (n == cap) {
			size_t *q = realloc(f->line_starts, (cap *= 2) * sizeof(*q));
			if (!q) {
				free(f->line_starts);
				f->line_starts = NULL;
				return;
			}
			f->line_starts = q;
		}
		f->line_starts[n++] = (size_t)(p - f->buf);
	}
	f->nlines = n;
}

bool asm_file_index(const struct asm_ctx *ctx, uint16_t file)
{
	struct asm_file *f = file < ctx->nfiles ? &ctx->files[file] : NULL;

	if (f && !f->line_starts)
		index_lines(f);
	return f && f->line_starts;
}

/* A line before `released`, read again from the file: from the nearest line start known
 * (a mark, or the line read last, since diagnostics come in source order) forward. NULL
 * when the file no longer has that line. */
static const char *disk_line(struct asm_file *f, uint32_t line, size_t *len)
{
	struct asm_line_mark at = f->marks[0];
	char chunk[65536];
	size_t got = 0, start = 0, pos;
	uint32_t cur;
	bool collecting;

	for (size_t i = 0; i < f->nmarks && f->marks[i].line <= line; i++)
		at = f->marks[i];
	if (f->disk_line && f->disk_at.line == line) {
		*len = f->disk_len;
		return f->disk_line;
	}
	if (f->disk_line && f->disk_at.line < line && f->disk_at.line > at.line)
		at = f->disk_at;
	pos = start = at.off;
	cur = at.line;
	collecting = cur == line;
	for (;;) {
		ssize_t n = pread(f->fd, chunk, sizeof(chunk), (off_t)pos);
		size_t k = 0;
		if (n <= 0)
			break;
		while (k < (size_t)n) {
			const char *nl = memchr(chunk + k, '\n', (size_t)n - k);
			size_t take;
			if (!collecting) {
				if (!nl)
					break;
				k = (size_t)(nl - chunk) + 1;
				if (++cur == line) {
					collecting = true;
					start = pos + k;
				}
				continue;
			}
			take = (nl ? (size_t)(nl - chunk) : (size_t)n) - k;
			if (got + take + 1 > f->disk_cap) {
				size_t cap = (got + take + 1) * 2;
				char *q = realloc(f->disk_line, cap);
				if (!q)
					return NULL;
				f->disk_line = q;
				f->disk_cap = cap;
			}
			memcpy(f->disk_line + got, chunk + k, take);
			got += take;
			if (nl)
				goto done;
			break;
		}
		pos += (size_t)n;
		if ((size_t)n < sizeof(chunk) || got > ((size_t)1 << 24))
			break; /* the end of the file (its last line has no newline), or enough */
	}
	if (!collecting || !f->disk_line)
		return NULL;
done:
	f->disk_line[got] = '\0';
	f->disk_at = (struct asm_line_mark){line, start};
	f->disk_len = got;
	*len = got;
	return f->disk_line;
}

const char *asm_file_line(const struct asm_ctx *ctx, uint16_t file, uint32_t line, size_t *len)
{
	struct asm_file *f;
	const char *p, *end, *eol;

	if (file >= ctx->nfiles || !line)
		return NULL;
	f = &ctx->files[file];
	if (f->released && line < f->released_line) {
		p = disk_line(f, line, len);
		if (p && *len && p[*len - 1] == '\r')
			(*len)--;
		return p;
	}
	if (!f->line_starts)
		index_lines(f);
	if (!f->line_starts || line < f->index_base || line - f->index_base + 1 > f->nlines)
		return NULL;
	line -= f->index_base - 1; /* the index's numbering */
	p = f->buf + f->line_starts[line - 1];
	end = f->buf + f->len;
	/* a line that another follows ends where that one starts */
	eol = line < f->nlines ? f->buf + f->line_starts[line] - 1 : memchr(p, '\n', (size_t)(end - p));
	*len = (size_t)((eol ? eol : end) - p);
	if (*len && p[*len - 1] == '\r')
		(*len)--;
	return p;
}

static void record(struct asm_ctx *ctx, enum asm_severity sev, const struct asm_loc *loc,
		   const char *fmt, va_list ap) __attribute__((format(printf, 4, 0)));
static void record(struct asm_ctx *ctx, enum asm_severity sev, const struct asm_loc *loc,
		   const char *fmt, va_list ap)
{
	struct asm_diag_rec *d;
	uint64_t order;
	char *msg;

	if (vasprintf(&msg, fmt, ap) < 0) {
		ctx->oom = true;
		return;
	}
	order = loc ? ((uint64_t)loc->file << 48 | (uint64_t)loc->first_line << 16 |
		       (loc->first_column & 0xffff))
		    : ~(uint64_t)0;
	if (sev == ASM_NOTE)
		order = ctx->last_error_order;
	else
		ctx->last_error_order = order;
	if (ASM_GROW(ctx->diags, ctx->ndiags, ctx->capdiags) < 0) {
		free(msg);
		ctx->oom = true;
		return;
	}
	d = &ctx->diags[ctx->ndiags];
	d->sev = sev;
	d->file = loc ? loc->file : 0;
	d->line = loc ? loc->first_line : 0;
	d->col = loc ? loc->first_column : 0;
	d->width = loc && loc->last_line == loc->first_line && loc->last_column > loc->first_column
			   ? loc->last_column - loc->first_column
			   : 1;
	d->order = order;
	d->seq = ctx->ndiags;
	d->msg = msg;
	ctx->ndiags++;
}

#define DIAG_FN(fn, sev, counter)                                                           \
	void fn(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)       \
	{                                                                                   \
		va_list ap;                                                                 \
		if ((sev) == ASM_ERROR && ctx->nerrors >= ASM_MAX_ERRORS)                  \
			return;                                                             \
		counter;                                                                    \
		va_start(ap, fmt);                                                          \
		record(ctx, sev, loc, fmt, ap);                                             \
		va_end(ap);                                                                 \
	}
DIAG_FN(asm_error, ASM_ERROR, ctx->nerrors++)
DIAG_FN(asm_warning, ASM_WARNING, ctx->nwarnings++)
DIAG_FN(asm_note, ASM_NOTE, (void)0)

static int cmp_diag(const void *a, const void *b)
{
	const struct asm_diag_rec *x = a, *y = b;

	if (x->order != y->order)
		return x->order < y->order ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void print_stderr(void *arg, const struct asm_diag *d)
{
	fputs(d->text, stderr);
}

/* The message, then the source line and a caret under the column (tabs kept so the
 * caret lines up in a terminal). */
static char *render(const struct asm_ctx *ctx, const struct asm_diag_rec *d, const char *fname)
{
	char *out = NULL;
	size_t outlen = 0;
	FILE *f = open_memstream(&out, &outlen);
	const char *line;
	size_t len = 0;

	if (!f)
		return NULL;
	if (d->line)
		fprintf(f, "%s:%u:%u: %s: %s\n", fname, d->line, d->col, sev_names[d->sev], d->msg);
	else
		fprintf(f, "%s: %s: %s\n", fname, sev_names[d->sev], d->msg);
	line = d->line ? asm_file_line(ctx, d->file, d->line, &len) : NULL;
	if (line && d->col >= 1 && d->col <= len + 1) {
		/* a very long line (generated, or an attack) is shown as the 160 characters
		 * around the column, "..." marking what is left out */
		size_t from = len > 200 && d->col > 81 ? d->col - 81 : 0, to = len > 200 ? from + 160 : len;
		const char *pre = from ? "..." : "";
		if (to > len)
			to = len;
		fprintf(f, "%s%.*s%s\n", pre, (int)(to - from), line + from, to < len ? "..." : "");
		fputs(from ? "   " : "", f);
		for (size_t i = from; i + 1 < d->col; i++)
			fputc(line[i] == '\t' ? '\t' : ' ', f);
		fputc('^', f);
		for (uint32_t i = 1; i < d->width && d->col + i <= to; i++)
			fputc('~', f);
		fputc('\n', f);
	}
	fclose(f);
	return out;
}

void asm_diag_flush(struct asm_ctx *ctx)
{
	asm_diag_fn fn = ctx->opt.diag ? ctx->opt.diag : print_stderr;

	if (ctx->oom) { /* what else was said may be the shortage's effect; say only it */
		struct asm_diag out = {ASM_ERROR, "bpfas", 0, 0, "out of memory", "bpfas: error: out of memory\n"};
		for (size_t i = 0; i < ctx->ndiags; i++)
			free(ctx->diags[i].msg);
		ctx->ndiags = 0;
		if (!ctx->oom_said)
			fn(ctx->opt.diag_arg, &out);
		ctx->oom_said = true;
		return;
	}
	if (ctx->ndiags)
		qsort(ctx->diags, ctx->ndiags, sizeof(ctx->diags[0]), cmp_diag);
	for (size_t i = 0; i < ctx->ndiags; i++) {
		struct asm_diag_rec *d = &ctx->diags[i];
		const char *fname = d->file < ctx->nfiles ? ctx->files[d->file].name : "bpfas";
		char *text = render(ctx, d, fname), plain[1200];
		struct asm_diag out = {d->sev, fname, d->line, d->col, d->msg, text};

		if (!text) { /* no memory to render the source line: the message alone */
			snprintf(plain, sizeof(plain), "%s:%u:%u: %s: %s (its line not shown: out of memory)\n", fname, d->line,
				 d->col, sev_names[d->sev], d->msg);
			out.text = plain;
		}

		fn(ctx->opt.diag_arg, &out);
		free(text);
		free(d->msg);
	}
	if (ctx->nerrors >= ASM_MAX_ERRORS) {
		struct asm_diag out = {ASM_ERROR, "bpfas", 0, 0, "too many errors, stopping",
				       "bpfas: error: too many errors, stopping\n"};
		fn(ctx->opt.diag_arg, &out);
	}
	ctx->ndiags = 0;
}
