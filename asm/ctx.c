/* ctx.c: the assembler context, the bottom layer: its memory, the table of the ISA's
 * words, built-in names, the symbol table, sections, labels, fixups and relocations. It
 * calls only diagnostics (diag.c) and the tables (isa.c, names.c); driver.c makes and
 * frees it. */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ctx.h"
#include "diag.h"
#include "bpf_compat.h"
#include "names.h"

/* --- memory ----------------------------------------------------------------------- */

struct asm_arena_block {
	struct asm_arena_block *next;
	char data[];
};

#define ARENA_BLOCK (256 * 1024)

void *asm_alloc(struct asm_ctx *ctx, size_t size)
{
	struct asm_arena *a = &ctx->arena;
	char *p;

	size = (size + 15) & ~(size_t)15;
	if ((size_t)(a->end - a->cur) < size) {
		size_t bsz = size > ARENA_BLOCK ? size : ARENA_BLOCK;
		struct asm_arena_block *b = malloc(sizeof(*b) + bsz);
		if (!b) { /* NULL, and the parse stops at the next token */
			ctx->oom = true;
			return NULL;
		}
		b->next = a->head;
		a->head = b;
		a->cur = b->data;
		a->end = b->data + bsz;
	}
	p = a->cur;
	a->cur += size;
	return p;
}

char *asm_strndup(struct asm_ctx *ctx, const char *s, size_t len)
{
	char *p = asm_alloc(ctx, len + 1);

	if (!p)
		return (char *)"";
	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

/* --- context ---------------------------------------------------------------------- */

/* A word's hash (FNV-1a over its lowercase bytes) and, when it has at most 8 bytes, those
 * bytes packed into one number: most lookups then end in one integer comparison. */
static uint32_t kw_hash(const char *s, size_t len, uint64_t *key)
{
	uint32_t h = 2166136261u;
	uint64_t k = 0;

	for (size_t i = 0; i < len; i++) {
		uint8_t c = (uint8_t)(s[i] | ((s[i] >= 'A' && s[i] <= 'Z') ? 0x20 : 0));
		h = (h ^ c) * 16777619u;
		if (i < 8)
			k |= (uint64_t)c << (8 * i);
	}
	*key = k;
	return h;
}

#define KW_SLOTS (sizeof(((struct asm_ctx *)0)->kw_rows) / sizeof(int16_t))

int asm_kw_row(const struct asm_ctx *ctx, const char *text, size_t len)
{
	uint64_t key;

	for (uint32_t h = kw_hash(text, len, &key);; h++) {
		int r = ctx->kw_rows[h % KW_SLOTS];
		if (r < 0)
			return -1;
		if (ctx->kw_len[h % KW_SLOTS] == len && ctx->kw_key[h % KW_SLOTS] == key &&
		    (len <= 8 || !strncasecmp(isa_rows[r].text, text, len)))
			return r;
	}
}

bool asm_of_failed_event(const struct asm_ctx *ctx, const char *name)
{
	for (int i = 0; i < ctx->nfailed_events; i++) {
		size_t n = strlen(ctx->failed_events[i]);
		if (!strncmp(name, ctx->failed_events[i], n) && name[n] == '.')
			return true;
	}
	return false;
}

bool asm_gnu_word(struct asm_ctx *ctx, const char *text, size_t len, struct isa_gnu_op *out)
{
	struct asm_gnu_memo *m;
	char low[sizeof(m->word)];
	uint64_t key;

	if (len >= sizeof(low))
		return isa_gnu_word(text, len, out);
	for (size_t i = 0; i < len; i++)
		low[i] = (char)(text[i] | ((text[i] >= 'A' && text[i] <= 'Z') ? 0x20 : 0));
	/* open addressing, a few probes; a full neighbourhood (a file of many distinct
	 * words) is answered without remembering */
	for (uint32_t h = kw_hash(low, len, &key), k = 0; k < 8; k++) {
		m = &ctx->gnu_memo[(h + k) % (sizeof(ctx->gnu_memo) / sizeof(ctx->gnu_memo[0]))];
		if (!m->len) {
			memcpy(m->word, low, len);
			m->len = (uint8_t)len;
			m->is = isa_gnu_word(text, len, &m->op);
		} else if (m->len != len || memcmp(m->word, low, len)) {
			continue;
		}
		*out = m->op;
		return m->is;
	}
	return isa_gnu_word(text, len, out);
}

static void kw_init(struct asm_ctx *ctx)
{
	for (size_t i = 0; i < KW_SLOTS; i++)
		ctx->kw_rows[i] = -1;
	for (size_t i = 0; i < isa_nrows; i++) {
		const char *t = isa_rows[i].text;
		uint64_t key;
		uint32_t h = kw_hash(t, strlen(t), &key);
		/* the same word may name rows of two shapes ("+=" is ALU and lock); keep the first */
		if (asm_kw_row(ctx, t, strlen(t)) >= 0)
			continue;
		while (ctx->kw_rows[h % KW_SLOTS] >= 0)
			h++;
		ctx->kw_rows[h % KW_SLOTS] = (int16_t)i;
		ctx->kw_len[h % KW_SLOTS] = (uint8_t)strlen(t);
		ctx->kw_key[h % KW_SLOTS] = key;
	}
}

static int cmp_builtin(const void *a, const void *b)
{
	return strcmp((*(const struct names_const *const *)a)->name, (*(const struct names_const *const *)b)->name);
}

/* Built-in names sorted once per run: every new name is looked up there once. */
static int builtins_init(struct asm_ctx *ctx)
{
	ctx->nbuiltins = names_const_count();
	ctx->builtins = malloc(ctx->nbuiltins * sizeof(*ctx->builtins));
	if (!ctx->builtins)
		return -ENOMEM;
	for (size_t i = 0; i < ctx->nbuiltins; i++)
		ctx->builtins[i] = names_const_at(i);
	qsort(ctx->builtins, ctx->nbuiltins, sizeof(*ctx->builtins), cmp_builtin);
	return 0;
}

static const struct names_const *builtin_find(const struct asm_ctx *ctx, const char *name)
{
	struct names_const key = {name, 0, 0};
	const struct names_const *kp = &key, **r;

	r = bsearch(&kp, ctx->builtins, ctx->nbuiltins, sizeof(*ctx->builtins), cmp_builtin);
	return r ? *r : NULL;
}

int asm_ctx_init(struct asm_ctx *ctx)
{
	ctx->hcap = 4096;
	ctx->htab = calloc(ctx->hcap, sizeof(*ctx->htab));
	if (!ctx->htab)
		return -ENOMEM;
	kw_init(ctx);
	if (builtins_init(ctx) < 0) {
		free(ctx->htab);
		ctx->htab = NULL;
		return -ENOMEM;
	}
	ctx->gnu = ctx->opt.gnu;
	ctx->row_mov = isa_find("=", ISA_MOV);
	ctx->row_jset = isa_find("&", ISA_JCC);
	ctx->cur = -1;
	return 0;
}

void asm_ctx_release(struct asm_ctx *ctx)
{
	struct asm_arena_block *b, *n;

	for (size_t i = 0; i < ctx->nfiles; i++) {
		free(ctx->files[i].name);
		free(ctx->files[i].buf);
		free(ctx->files[i].dir);
		free(ctx->files[i].line_starts);
		free(ctx->files[i].marks);
		free(ctx->files[i].disk_line);
		if (ctx->files[i].has_fd)
			close(ctx->files[i].fd);
	}
	for (size_t i = 0; i < ctx->nsecs; i++) {
		free(ctx->secs[i].data.p);
		free(ctx->secs[i].rels);
		free(ctx->secs[i].insns);
	}
	for (size_t i = 0; i < ctx->ndiags; i++)
		free(ctx->diags[i].msg);
	for (size_t i = 0; i < ctx->ntypes; i++) {
		free(ctx->types[i]->fields);
		free(ctx->types[i]->vals);
	}
	free(ctx->files);
	free(ctx->secs);
	free(ctx->htab);
	free(ctx->syms);
	free(ctx->numlabels);
	free(ctx->fixups);
	free(ctx->types);
	for (size_t i = 0; i < ctx->nmacros; i++) {
		free(ctx->macros[i].name);
		free(ctx->macros[i].body);
		for (int k = 0; k < ctx->macros[i].nparams; k++)
			free(ctx->macros[i].params[k]);
	}
	free(ctx->macros);
	free(ctx->capture.name);
	for (int k = 0; k < ctx->capture.nparams; k++)
		free(ctx->capture.params[k]);
	free(ctx->capture.text.p);
	free(ctx->maps);
	free(ctx->diags);
	free(ctx->builtins);
	for (b = ctx->arena.head; b; b = n) { /* last: types and symbols live here */
		n = b->next;
		free(b);
	}
}

/* --- symbols ---------------------------------------------------------------------- */

static int rehash(struct asm_ctx *ctx)
{
	size_t ncap = ctx->hcap * 2;
	struct asm_sym **n = calloc(ncap, sizeof(*n));

	if (!n)
		return -ENOMEM;
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i];
		s->hnext = n[s->hash & (ncap - 1)];
		n[s->hash & (ncap - 1)] = s;
	}
	free(ctx->htab);
	ctx->htab = n;
	ctx->hcap = ncap;
	return 0;
}

static uint32_t name_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

struct asm_sym *asm_intern(struct asm_ctx *ctx, const char *name, size_t len)
{
	uint32_t h = name_hash(name, len);
	struct asm_sym *s;
	char *copy;

	for (s = ctx->htab[h & (ctx->hcap - 1)]; s; s = s->hnext)
		if (s->hash == h && !strncmp(s->name, name, len) && s->name[len] == '\0')
			return s;
	if (ctx->nsyms * 2 >= ctx->hcap && rehash(ctx) < 0) {
		ctx->oom = true;
		return NULL;
	}
	if (ASM_GROW(ctx->syms, ctx->nsyms, ctx->capsyms) < 0) {
		ctx->oom = true;
		return NULL;
	}
	s = asm_alloc(ctx, sizeof(*s) + len + 1);
	if (!s)
		return NULL;
	memset(s, 0, sizeof(*s));
	copy = (char *)(s + 1);
	memcpy(copy, name, len);
	copy[len] = '\0';
	s->name = copy;
	s->hash = h;
	s->section = -1;
	s->local_label = len >= 2 && name[0] == '.' && name[1] == 'L';
	s->hnext = ctx->htab[h & (ctx->hcap - 1)];
	ctx->htab[h & (ctx->hcap - 1)] = s;
	ctx->syms[ctx->nsyms++] = s;
	return s;
}

struct asm_sym *asm_lookup(const struct asm_ctx *ctx, const char *name)
{
	uint32_t h = name_hash(name, strlen(name));

	for (struct asm_sym *s = ctx->htab[h & (ctx->hcap - 1)]; s; s = s->hnext)
		if (s->hash == h && !strcmp(s->name, name))
			return s;
	return NULL;
}

bool asm_sym_is_builtin_const(struct asm_ctx *ctx, struct asm_sym *s)
{
	const struct names_const *c;

	if (!s->builtin_checked) {
		s->builtin_checked = true;
		c = builtin_find(ctx, s->name);
		if (c) {
			s->equ_val = c->value;
			s->equ_known = true;
			s->kind = SYM_EQU;
		}
	}
	return s->kind == SYM_EQU && s->equ_known;
}

int asm_define(struct asm_ctx *ctx, const char *name, int64_t value)
{
	struct asm_sym *s = asm_intern(ctx, name, strlen(name));

	if (!s || ctx->oom)
		return -ENOMEM;
	s->kind = SYM_EQU;
	s->equ_known = true;
	s->equ_val = value;
	s->builtin_checked = true;
	return 0;
}

/* A label's display name: `1f`-style numbers print as the number. */
const char *asm_sym_display(const struct asm_sym *s, char *buf, size_t len)
{
	if (!s->is_num)
		return s->name;
	snprintf(buf, len, "%" PRIu64, s->num);
	return buf;
}

/* --- sections --------------------------------------------------------------------- */

bool asm_name_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p)) && (s[strlen(p)] == '\0' || s[strlen(p)] == '.');
}

/* Defaults by name, as clang lays them out. Anything unknown is a program section. */
static void section_defaults(struct asm_section *s)
{
	const char *n = s->name;

	s->type = SHT_PROGBITS;
	s->align = 1;
	if (asm_name_prefix(n, ".text")) {
		s->flags = SHF_ALLOC | SHF_EXECINSTR;
		s->align = 8;
		s->is_prog = true;
	} else if (asm_name_prefix(n, ".data") || !strcmp(n, "license") || !strcmp(n, "version")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
	} else if (asm_name_prefix(n, ".rodata")) {
		s->flags = SHF_ALLOC;
	} else if (asm_name_prefix(n, ".bss")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
		s->type = SHT_NOBITS;
	} else if (!strcmp(n, ".maps") || !strcmp(n, "maps")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
		s->align = !strcmp(n, "maps") ? 4 : 8;
	} else if (asm_name_prefix(n, ".BTF") || !strcmp(n, ".llvm_addrsig") || asm_name_prefix(n, ".note")) {
		s->flags = 0;
	} else if (asm_name_prefix(n, ".debug") || !strncmp(n, ".debug_", 7)) {
		s->dropped = true;
	} else {
		s->flags = SHF_ALLOC | SHF_EXECINSTR;
		s->align = 8;
		s->is_prog = true;
	}
}

struct asm_section *asm_section(struct asm_ctx *ctx, const char *name, bool create)
{
	struct asm_section *s;

	for (size_t i = 0; i < ctx->nsecs; i++)
		if (!strcmp(ctx->secs[i].name, name))
			return &ctx->secs[i];
	if (!create || ASM_GROW(ctx->secs, ctx->nsecs, ctx->capsecs) < 0)
		return NULL;
	s = &ctx->secs[ctx->nsecs++];
	memset(s, 0, sizeof(*s));
	s->name = asm_strndup(ctx, name, strlen(name));
	section_defaults(s);
	return s;
}

int asm_switch_section(struct asm_ctx *ctx, const char *name, const char *flags,
		       const char *type, const struct asm_loc *loc)
{
	struct asm_section *s = asm_section(ctx, name, true);

	if (!s)
		return -ENOMEM;
	if (flags) {
		uint64_t f = 0;
		bool bad = false;
		for (const char *p = flags; *p; p++) {
			switch (*p) {
			case 'a': f |= SHF_ALLOC; break;
			case 'w': f |= SHF_WRITE; break;
			case 'x': f |= SHF_EXECINSTR; break;
			case 'M': f |= SHF_MERGE; break;
			case 'S': f |= SHF_STRINGS; break;
			case 'G': case 'T': case 'o': case 'R': break;
			default:
				asm_error(ctx, loc, "unknown section flag '%c' (known: a w x M S)", *p);
				bad = true;
			}
		}
		if (!s->dropped && !bad) { /* bad flags: keep what the name implies */
			s->flags = f;
			s->is_prog = (f & SHF_EXECINSTR) != 0;
		}
	}
	if (type) {
		if (!strcmp(type, "nobits"))
			s->type = SHT_NOBITS;
		else if (!strcmp(type, "progbits"))
			s->type = SHT_PROGBITS;
		else if (strcmp(type, "llvm_addrsig") && strcmp(type, "note"))
			asm_error(ctx, loc, "unknown section type '@%s' (known: @progbits, @nobits)", type);
	}
	ctx->cur = (int)(s - ctx->secs);
	s->gnu_end = ctx->gnu;
	return 0;
}

struct asm_section *asm_cur_section(struct asm_ctx *ctx)
{
	if (ctx->cur < 0)
		asm_switch_section(ctx, ".text", NULL, NULL, NULL);
	return ctx->cur >= 0 ? &ctx->secs[ctx->cur] : NULL;
}

uint64_t asm_sec_size(const struct asm_section *s)
{
	return s->type == SHT_NOBITS ? s->nobits_size : s->data.len;
}

void asm_emit_data(struct asm_ctx *ctx, const void *p, size_t len)
{
	struct asm_section *s = asm_cur_section(ctx);

	if (!s)
		return;
	if (s->type == SHT_NOBITS) {
		s->nobits_size += len;
		return;
	}
	if (asm_buf_append(&s->data, p, len) < 0)
		ctx->oom = true;
}

void asm_add_fixup(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	if (ASM_GROW(ctx->fixups, ctx->nfixups, ctx->capfixups) < 0) {
		ctx->oom = true;
		return;
	}
	ctx->fixups[ctx->nfixups++] = *fx;
}

void asm_add_reloc(struct asm_ctx *ctx, struct asm_section *s, uint64_t off,
		      struct asm_sym *sym, int section, uint32_t type)
{
	if (ASM_GROW(s->rels, s->nrels, s->caprels) < 0) {
		ctx->oom = true;
		return;
	}
	s->rels[s->nrels++] = (struct asm_reloc){off, sym, section, type};
	if (sym)
		sym->reloc_target = true;
	else
		ctx->secs[section].need_secsym = true;
}

/* --- labels ----------------------------------------------------------------------- */

static void define_label(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc)
{
	struct asm_section *sec = asm_cur_section(ctx);
	char b1[32];

	if (!sec || !s)
		return;
	if (s->kind == SYM_LABEL || (s->kind == SYM_EQU && s->builtin_checked && !s->equ) ||
	    s->kind == SYM_TYPE || s->kind == SYM_EQU) {
		if (s->kind == SYM_LABEL || !asm_sym_is_builtin_const(ctx, s) || s->equ) {
			asm_error(ctx, loc, "'%s' is already defined", asm_sym_display(s, b1, sizeof(b1)));
			if (s->loc.first_line)
				asm_note(ctx, &s->loc, "the earlier definition of '%s' is here",
					 asm_sym_display(s, b1, sizeof(b1)));
			return;
		}
		asm_error(ctx, loc, "'%s' is a built-in name and cannot be a label", s->name);
		return;
	}
	s->kind = SYM_LABEL;
	s->section = (int)(sec - ctx->secs);
	s->value = asm_sec_size(sec);
	s->loc = *loc;
	if (sec->is_prog && !sec->first_label && !s->local_label && !s->is_num)
		sec->first_label = s;
}

void asm_label(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc)
{
	if (s->kind == SYM_NONE && asm_sym_is_builtin_const(ctx, s)) {
		asm_error(ctx, loc, "'%s' is a built-in name and cannot be a label", s->name);
		return;
	}
	define_label(ctx, s, loc);
}

static uint32_t *numlabel_count(struct asm_ctx *ctx, uint64_t n)
{
	for (size_t i = 0; i < ctx->nnumlabels; i++)
		if (ctx->numlabels[i].n == n)
			return &ctx->numlabels[i].count;
	if (ASM_GROW(ctx->numlabels, ctx->nnumlabels, ctx->capnumlabels) < 0)
		return NULL;
	ctx->numlabels[ctx->nnumlabels].n = n;
	ctx->numlabels[ctx->nnumlabels].count = 0;
	return &ctx->numlabels[ctx->nnumlabels++].count;
}

static struct asm_sym *numlabel_sym(struct asm_ctx *ctx, uint64_t n, uint32_t k)
{
	char name[64];
	int len = snprintf(name, sizeof(name), ".L%" PRIu64 "\x01%u", n, k);
	struct asm_sym *s = asm_intern(ctx, name, (size_t)len);

	if (!s)
		return NULL;
	s->is_num = true;
	s->num = n;
	s->local_label = true;
	s->builtin_checked = true;
	return s;
}

struct asm_sym *asm_here(struct asm_ctx *ctx, const struct asm_loc *loc)
{
	char name[32];
	int len = snprintf(name, sizeof(name), ".L\001.%u", ctx->nhere++);
	struct asm_sym *s = asm_intern(ctx, name, (size_t)len);

	if (!s)
		return NULL;
	s->builtin_checked = true;
	define_label(ctx, s, loc);
	return s;
}

void asm_numlabel(struct asm_ctx *ctx, uint64_t n, const struct asm_loc *loc)
{
	uint32_t *count = numlabel_count(ctx, n);

	if (!count) {
		ctx->oom = true;
		return;
	}
	define_label(ctx, numlabel_sym(ctx, n, ++*count), loc);
}

struct asm_sym *asm_numref(struct asm_ctx *ctx, uint64_t n, bool forward, const struct asm_loc *loc)
{
	uint32_t *count = numlabel_count(ctx, n);

	if (!count) {
		ctx->oom = true;
		return NULL;
	}
	if (!forward && *count == 0) {
		struct asm_sym *s = numlabel_sym(ctx, n, 0);
		asm_error(ctx, loc, "'%" PRIu64 "b' refers back to label %" PRIu64 ":, but there is none before this line", n, n);
		if (s)
			s->reported = true;
		return s;
	}
	return numlabel_sym(ctx, n, forward ? *count + 1 : *count);
}
