/* source.c: the text the scanner reads. Files (the source, .include with its search
 * path), and what conditional assembly and .rept/.macro make of them: the state of the
 * open conditionals the scanner skips in, captured bodies repeated or stored, macro
 * expansions scanned as files of their own. With lexer.l it is the scanning layer: the
 * directives (above) call into it; it calls nothing above. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "diag.h"
#include "scan.h"

bool asm_cond_else(struct asm_ctx *ctx, const struct asm_loc *loc)
{
	struct asm_cond *c = &ctx->conds[ctx->nconds - 1];

	if (c->in_else) {
		asm_error(ctx, loc, "a second .else for the .if at line %u", c->loc.first_line);
		return false;
	}
	c->in_else = true;
	c->taken = !c->taken;
	return c->taken;
}

bool asm_cond_end(struct asm_ctx *ctx)
{
	if (ctx->nconds)
		ctx->nconds--;
	return true;
}

void asm_cond_unclosed(struct asm_ctx *ctx)
{
	while (ctx->nconds > 0) {
		const struct asm_cond *c = &ctx->conds[--ctx->nconds];
		asm_error(ctx, &c->loc, "this conditional has no .endif");
	}
}

/* A character of a macro's parameter name. */
bool asm_name_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '$';
}

int asm_add_text_file(struct asm_ctx *ctx, const char *name, const char *text, size_t len)
{
	struct asm_file *af;

	if (ctx->nfiles >= UINT16_MAX || ASM_GROW(ctx->files, ctx->nfiles, ctx->capfiles) < 0)
		return -ENOMEM;
	af = &ctx->files[ctx->nfiles];
	memset(af, 0, sizeof(*af));
	af->name = strdup(name);
	af->dir = strdup(ctx->files[ctx->cur_file].dir ? ctx->files[ctx->cur_file].dir : ".");
	af->buf = malloc(len + 2);
	if (!af->name || !af->dir || !af->buf) {
		free(af->name);
		free(af->dir);
		free(af->buf);
		return -ENOMEM;
	}
	memcpy(af->buf, text, len);
	af->buf[len] = af->buf[len + 1] = '\0';
	af->len = len;
	return (int)ctx->nfiles++;
}

/* Scan generated text (a .rept's turns, a macro's expansion) as a file of its own, named
 * after where it comes from. */
static void scan_text(struct asm_ctx *ctx, const char *what, const struct asm_loc *loc, const char *text, size_t len)
{
	char name[600];
	int idx, err;

	snprintf(name, sizeof(name), "%s:%u: %s", ctx->files[loc->file].name, loc->first_line, what);
	if (ctx->nfiles >= UINT16_MAX) {
		asm_error(ctx, loc, "too many expansions: files, .rept copies and macro expansions are %u at most", UINT16_MAX);
		return;
	}
	idx = asm_add_text_file(ctx, name, text, len);
	if (idx < 0) {
		ctx->oom = true;
		return;
	}
	err = asm_scan_push(ctx, (uint16_t)idx);
	if (err == -ELOOP)
		asm_error(ctx, loc, "%s nested too deeply (.include, .rept and macros: %d levels)", what, ASM_MAX_INCLUDE_DEPTH);
	else if (err)
		ctx->oom = true;
}

void asm_capture_done(struct asm_ctx *ctx)
{
	struct asm_capture *c = &ctx->capture;

	if (!c->macro) {
		struct asm_buf all = {0};
		for (int64_t i = 0; i < c->count && c->text.len; i++)
			asm_buf_append(&all, c->text.p, c->text.len);
		if (c->count && c->text.len && !all.p)
			ctx->oom = true;
		else if (all.len)
			scan_text(ctx, ".rept", &c->loc, (const char *)all.p, all.len);
		free(all.p);
	} else if (c->name) {
		struct asm_macro *m;
		if (ASM_GROW(ctx->macros, ctx->nmacros, ctx->capmacros) < 0) {
			ctx->oom = true;
		} else {
			m = &ctx->macros[ctx->nmacros++];
			m->name = c->name;
			m->body = malloc(c->text.len + 1);
			if (!m->body)
				ctx->oom = true;
			else {
				if (c->text.len)
					memcpy(m->body, c->text.p, c->text.len);
				m->body[c->text.len] = '\0';
			}
			memcpy(m->params, c->params, sizeof(m->params));
			m->nparams = c->nparams;
			m->loc = c->loc;
			c->name = NULL;
			c->nparams = 0;
		}
	}
	free(c->name);
	for (int i = 0; i < c->nparams; i++)
		free(c->params[i]);
	free(c->text.p);
	memset(c, 0, sizeof(*c));
}

const struct asm_macro *asm_macro_find(const struct asm_ctx *ctx, const char *name, size_t len)
{
	for (size_t i = 0; i < ctx->nmacros; i++)
		if (strlen(ctx->macros[i].name) == len && !strncasecmp(ctx->macros[i].name, name, len))
			return &ctx->macros[i];
	return NULL;
}

/* NAME ARG, ARG: the body with each \PARAM replaced by its argument (\() stands for
 * nothing, to join a parameter to what follows) */
void asm_macro_expand(struct asm_ctx *ctx, const struct asm_macro *m, const char *args, size_t len,
		      const struct asm_loc *loc)
{
	const char *val[ASM_MAX_PARAMS] = {0};
	size_t vlen[ASM_MAX_PARAMS] = {0};
	int nargs = 0;
	struct asm_buf out = {0};
	const char *p = args, *end = args + len;
	char what[300];

	/* the arguments: split at commas, blanks around each dropped; a comment ends them */
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	while (p < end && *p != '#' && *p != ';' && nargs < ASM_MAX_PARAMS + 1) {
		const char *a = p, *e;
		while (p < end && *p != ',' && *p != '#' && *p != ';')
			p++;
		e = p;
		while (e > a && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			e--;
		if (nargs < ASM_MAX_PARAMS) {
			val[nargs] = a;
			vlen[nargs] = (size_t)(e - a);
		}
		nargs++;
		if (p < end && *p == ',')
			p++;
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
	}
	if (nargs > m->nparams) {
		asm_error(ctx, loc, "macro '%s' takes %d argument%s, and this gives %d", m->name, m->nparams,
			  m->nparams == 1 ? "" : "s", nargs);
		return;
	}
	for (const char *b = m->body; *b;) {
		if (b[0] == '\\' && b[1] == '(' && b[2] == ')') {
			b += 3;
			continue;
		}
		if (b[0] == '\\') {
			int best = -1;
			size_t blen = 0;
			for (int i = 0; i < m->nparams; i++) {
				size_t n = strlen(m->params[i]);
				if (n > blen && !strncmp(b + 1, m->params[i], n) &&
				    !(isalnum((unsigned char)b[1 + n]) || b[1 + n] == '_'))
					best = i, blen = n;
			}
			if (best >= 0) {
				if (vlen[best])
					asm_buf_append(&out, val[best], vlen[best]);
				b += 1 + blen;
				continue;
			}
		}
		asm_buf_append(&out, b, 1);
		b++;
	}
	snprintf(what, sizeof(what), "macro %s", m->name);
	if (out.len)
		scan_text(ctx, what, loc, (const char *)out.p, out.len);
	else if (out.p == NULL && *m->body)
		ctx->oom = true;
	free(out.p);
}

bool asm_directive_is_raw(const char *name)
{
	return !strcasecmp(name, ".file") || !strcasecmp(name, ".loc") || !strncasecmp(name, ".cfi_", 5) ||
	       !strcasecmp(name, ".macro") || !strcasecmp(name, ".syntax");
}

/* Load a file into the context; returns its index. */
int asm_load_file(struct asm_ctx *ctx, const char *path, const char *name)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "re") : stdin;
	struct asm_file *af;
	char *buf, *dcopy;
	struct stat st;
	size_t len;
	int err, fd = -1;

	if (!f)
		return -errno;
	if (fstat(fileno(f), &st))
		st.st_dev = 0, st.st_ino = 0;
	err = asm_read_all(f, &buf, &len);
	/* a regular file can be read again for a diagnostic once its memory is given back */
	if (!err && ctx->opt.release_source && f != stdin && S_ISREG(st.st_mode))
		fd = fcntl(fileno(f), F_DUPFD_CLOEXEC, 3);
	if (f != stdin)
		fclose(f);
	if (err)
		return err;
	if (ctx->nfiles >= UINT16_MAX || ASM_GROW(ctx->files, ctx->nfiles, ctx->capfiles) < 0) {
		free(buf);
		if (fd >= 0)
			close(fd);
		return -ENOMEM;
	}
	af = &ctx->files[ctx->nfiles];
	memset(af, 0, sizeof(*af));
	af->has_fd = fd >= 0;
	af->fd = fd;
	af->name = strdup(name);
	dcopy = strdup(path);
	af->dir = dcopy ? strdup(dirname(dcopy)) : NULL;
	free(dcopy);
	af->buf = buf;
	af->len = len;
	af->dev = st.st_dev;
	af->ino = st.st_ino;
	if (!af->name || !af->dir) {
		free(af->name);
		free(af->dir);
		free(buf);
		if (fd >= 0)
			close(fd);
		af->has_fd = false;
		return -ENOMEM;
	}
	return (int)ctx->nfiles++;
}

static const char *shown_name(const struct asm_file *f)
{
	return strncmp(f->name, "./", 2) ? f->name : f->name + 2;
}

static bool same_file(const struct asm_file *a, const struct asm_file *b)
{
	return (a->dev || a->ino) && a->dev == b->dev && a->ino == b->ino;
}

/* An .include of a file that is already being read would repeat until the depth limit,
 * with a knock-on error on every level: said once, with the chain of files. */
static bool include_cycle(struct asm_ctx *ctx, uint16_t idx, const struct asm_loc *loc)
{
	const struct asm_file *f = &ctx->files[idx];
	char chain[1024];
	size_t at = 0;
	int from = -1;

	for (int k = 0; k <= ctx->ninc && from < 0; k++) {
		uint16_t open = k < ctx->ninc ? ctx->incs[k].file : ctx->cur_file;
		if (same_file(&ctx->files[open], f))
			from = k;
	}
	if (from < 0)
		return false;
	for (int k = from; k <= ctx->ninc && at < sizeof(chain); k++) {
		const struct asm_file *g = &ctx->files[k < ctx->ninc ? ctx->incs[k].file : ctx->cur_file];
		if (g->dev || g->ino) /* files, not .rept or macro expansions */
			at += (size_t)snprintf(chain + at, sizeof(chain) - at, "%s -> ", shown_name(g));
	}
	if (at < sizeof(chain))
		snprintf(chain + at, sizeof(chain) - at, "%s", shown_name(f));
	asm_error(ctx, loc, "'%s' includes itself (%s), which would never end", shown_name(f), chain);
	return true;
}

int asm_include_file(struct asm_ctx *ctx, const char *path, const struct asm_loc *loc)
{
	const char *dir = ctx->files[ctx->cur_file].dir;
	char full[4096];
	int idx = -ENOENT;

	if (ctx->ninc >= ASM_MAX_INCLUDE_DEPTH) {
		asm_error(ctx, loc, "includes nest deeper than %d files; does '%s' include itself?",
			  ASM_MAX_INCLUDE_DEPTH, path);
		return -ELOOP;
	}
	if (path[0] == '/') {
		idx = asm_load_file(ctx, path, path);
	} else {
		if (dir) {
			snprintf(full, sizeof(full), "%s/%s", dir, path);
			idx = asm_load_file(ctx, full, full);
		}
		for (size_t i = 0; idx == -ENOENT && i < ctx->opt.n_include_dirs; i++) {
			snprintf(full, sizeof(full), "%s/%s", ctx->opt.include_dirs[i], path);
			idx = asm_load_file(ctx, full, full);
		}
	}
	if (idx < 0) {
		asm_error(ctx, loc, "cannot include '%s': %s%s", path, strerror(-idx),
			  idx == -ENOENT ? " (looked next to this file and in the -I folders)" : "");
		return idx;
	}
	if (include_cycle(ctx, (uint16_t)idx, loc))
		return -ELOOP;
	return asm_scan_push(ctx, (uint16_t)idx);
}

/* --- giving back a large source's memory as it is scanned (release_source) ------------ */

static bool add_mark(struct asm_file *f, uint32_t line, size_t off)
{
	if (ASM_GROW(f->marks, f->nmarks, f->capmarks) < 0)
		return false;
	f->marks[f->nmarks++] = (struct asm_line_mark){line, off};
	return true;
}

void asm_source_release_begin(struct asm_ctx *ctx, uint16_t idx)
{
	struct asm_file *f = &ctx->files[idx];

	if (!ctx->opt.release_source || !f->has_fd || f->len < 4 * (size_t)ASM_RELEASE_STEP || !add_mark(f, 1, 0))
		return;
	f->released_line = 1;
	ctx->release_file = idx;
	ctx->release_at = f->buf + ASM_RELEASE_STEP;
	ctx->release_end = f->buf + f->len;
}

void asm_source_passed(struct asm_ctx *ctx, const char *tok, uint32_t col, uint32_t line)
{
	struct asm_file *f = &ctx->files[ctx->release_file];
	const char *line_start = col > 1 && col - 1 <= (size_t)(tok - f->buf) ? tok - (col - 1) : tok;
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE), from, to;
	struct asm_line_mark keep;

	if (line_start < f->buf || (line_start > f->buf && line_start[-1] != '\n')) {
		ctx->release_at = tok + 1; /* not where a line starts: try the next token */
		return;
	}
	ctx->release_at = line_start + ASM_RELEASE_STEP;
	if (line <= f->marks[f->nmarks - 1].line || !add_mark(f, line, (size_t)(line_start - f->buf)))
		return;
	/* everything before the mark one step back: the scanner, the parser's lookahead and
	 * the statement being built are all within the last step */
	keep = f->marks[f->nmarks - 2];
	from = ((uintptr_t)f->buf + f->released + page - 1) & ~(page - 1);
	to = ((uintptr_t)f->buf + keep.off) & ~(page - 1);
	if (keep.off <= f->released)
		return;
	if (to > from && madvise((void *)from, to - from, MADV_DONTNEED))
		return; /* nothing given back: the lines stay where they are */
	f->released = keep.off;
	f->released_line = keep.line;
	free(f->line_starts); /* an index of lines now on disk only */
	f->line_starts = NULL;
}
