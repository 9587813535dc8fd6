/* asm.c: the assembler context. Statements from the parser are checked and encoded
 * here; what needs a later label is recorded as a fixup and resolved by asm_finish(). */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "asm_int.h"
#include "bpf_compat.h"
#include "names.h"
#include "parser.h"
#include "lexer.h"

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
		if (!b) {
			ctx->oom = true;
			if (size > sizeof(ctx->scratch))
				return NULL;
			memset(ctx->scratch, 0, sizeof(ctx->scratch));
			return ctx->scratch;
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

int asm_grow(void **ptr, size_t *cap, size_t elem, size_t need)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	while (ncap < need)
		ncap *= 2;
	p = realloc(*ptr, ncap * elem);
	if (!p)
		return -ENOMEM;
	*ptr = p;
	*cap = ncap;
	return 0;
}

int asm_buf_append(struct asm_buf *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		uint8_t *n;
		while (ncap < b->len + len)
			ncap *= 2;
		n = realloc(b->p, ncap);
		if (!n)
			return -ENOMEM;
		b->p = n;
		b->cap = ncap;
	}
	if (p)
		memcpy(b->p + b->len, p, len);
	else
		memset(b->p + b->len, 0, len);
	b->len += len;
	return 0;
}

/* --- context ---------------------------------------------------------------------- */

static uint32_t kw_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)(s[i] | ((s[i] >= 'A' && s[i] <= 'Z') ? 0x20 : 0))) * 16777619u;
	return h;
}

#define KW_SLOTS (sizeof(((struct asm_ctx *)0)->kw_rows) / sizeof(int16_t))

int asm_kw_row(const struct asm_ctx *ctx, const char *text, size_t len)
{
	for (uint32_t h = kw_hash(text, len);; h++) {
		int r = ctx->kw_rows[h % KW_SLOTS];
		if (r < 0)
			return -1;
		if (strlen(isa_rows[r].text) == len && !strncasecmp(isa_rows[r].text, text, len))
			return r;
	}
}

static void kw_init(struct asm_ctx *ctx)
{
	for (size_t i = 0; i < KW_SLOTS; i++)
		ctx->kw_rows[i] = -1;
	for (size_t i = 0; i < isa_nrows; i++) {
		const char *t = isa_rows[i].text;
		uint32_t h = kw_hash(t, strlen(t));
		/* the same word may name rows of two shapes ("+=" is ALU and lock); keep the first */
		if (asm_kw_row(ctx, t, strlen(t)) >= 0)
			continue;
		while (ctx->kw_rows[h % KW_SLOTS] >= 0)
			h++;
		ctx->kw_rows[h % KW_SLOTS] = (int16_t)i;
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

struct asm_ctx *asm_new(const struct asm_options *opt)
{
	struct asm_ctx *ctx = calloc(1, sizeof(*ctx));

	if (!ctx)
		return NULL;
	if (opt)
		ctx->opt = *opt;
	ctx->hcap = 4096;
	ctx->htab = calloc(ctx->hcap, sizeof(*ctx->htab));
	if (!ctx->htab) {
		free(ctx);
		return NULL;
	}
	kw_init(ctx);
	if (builtins_init(ctx) < 0) {
		free(ctx->htab);
		free(ctx);
		return NULL;
	}
	ctx->row_mov = isa_find("=", ISA_MOV);
	ctx->row_jset = isa_find("&", ISA_JCC);
	ctx->cur = -1;
	return ctx;
}

void asm_free(struct asm_ctx *ctx)
{
	struct asm_arena_block *b, *n;

	if (!ctx)
		return;
	asm_scan_end(ctx);
	for (size_t i = 0; i < ctx->nfiles; i++) {
		free(ctx->files[i].name);
		free(ctx->files[i].buf);
		free(ctx->files[i].dir);
		free(ctx->files[i].line_starts);
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
	free(ctx->maps);
	free(ctx->diags);
	free(ctx->builtins);
	for (b = ctx->arena.head; b; b = n) { /* last: types and symbols live here */
		n = b->next;
		free(b);
	}
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
	if (ctx->nsyms * 2 >= ctx->hcap && rehash(ctx) < 0)
		ctx->oom = true;
	if (ASM_GROW(ctx->syms, ctx->nsyms, ctx->capsyms) < 0) {
		ctx->oom = true;
		return asm_alloc(ctx, sizeof(*s)); /* zeroed scratch: parsing goes on, finish fails */
	}
	s = asm_alloc(ctx, sizeof(*s) + len + 1);
	if (!s || ctx->oom)
		return s;
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
static const char *sym_display(const struct asm_sym *s, char *buf, size_t len)
{
	if (!s->is_num)
		return s->name;
	snprintf(buf, len, "%" PRIu64, s->num);
	return buf;
}

/* --- sections --------------------------------------------------------------------- */

static bool prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p)) && (s[strlen(p)] == '\0' || s[strlen(p)] == '.');
}

/* Defaults by name, as clang lays them out. Anything unknown is a program section. */
static void section_defaults(struct asm_section *s)
{
	const char *n = s->name;

	s->type = SHT_PROGBITS;
	s->align = 1;
	if (prefix(n, ".text")) {
		s->flags = SHF_ALLOC | SHF_EXECINSTR;
		s->align = 8;
		s->is_prog = true;
	} else if (prefix(n, ".data") || !strcmp(n, "license") || !strcmp(n, "version")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
	} else if (prefix(n, ".rodata")) {
		s->flags = SHF_ALLOC;
	} else if (prefix(n, ".bss")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
		s->type = SHT_NOBITS;
	} else if (!strcmp(n, ".maps") || !strcmp(n, "maps")) {
		s->flags = SHF_ALLOC | SHF_WRITE;
		s->align = !strcmp(n, "maps") ? 4 : 8;
	} else if (prefix(n, ".BTF") || !strcmp(n, ".llvm_addrsig") || prefix(n, ".note")) {
		s->flags = 0;
	} else if (prefix(n, ".debug") || !strncmp(n, ".debug_", 7)) {
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
			}
		}
		if (!s->dropped) {
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
	return 0;
}

static struct asm_section *cur_section(struct asm_ctx *ctx)
{
	if (ctx->cur < 0)
		asm_switch_section(ctx, ".text", NULL, NULL, NULL);
	return ctx->cur >= 0 ? &ctx->secs[ctx->cur] : NULL;
}

static uint64_t sec_size(const struct asm_section *s)
{
	return s->type == SHT_NOBITS ? s->nobits_size : s->data.len;
}

void asm_emit_data(struct asm_ctx *ctx, const void *p, size_t len)
{
	struct asm_section *s = cur_section(ctx);

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

static void add_reloc(struct asm_ctx *ctx, struct asm_section *s, uint64_t off,
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
	struct asm_section *sec = cur_section(ctx);
	char b1[32];

	if (!sec || !s)
		return;
	if (s->kind == SYM_LABEL || (s->kind == SYM_EQU && s->builtin_checked && !s->equ) ||
	    s->kind == SYM_TYPE || s->kind == SYM_EQU) {
		if (s->kind == SYM_LABEL || !asm_sym_is_builtin_const(ctx, s) || s->equ) {
			asm_error(ctx, loc, "'%s' is already defined", sym_display(s, b1, sizeof(b1)));
			if (s->loc.first_line)
				asm_note(ctx, &s->loc, "the earlier definition of '%s' is here",
					 sym_display(s, b1, sizeof(b1)));
			return;
		}
		asm_error(ctx, loc, "'%s' is a built-in name and cannot be a label", s->name);
		return;
	}
	s->kind = SYM_LABEL;
	s->section = (int)(sec - ctx->secs);
	s->value = sec_size(sec);
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

	s->is_num = true;
	s->num = n;
	s->local_label = true;
	s->builtin_checked = true;
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
		return numlabel_sym(ctx, n, 0);
	}
	if (!forward && *count == 0) {
		struct asm_sym *s = numlabel_sym(ctx, n, 0);
		asm_error(ctx, loc, "'%" PRIu64 "b' refers back to label %" PRIu64 ":, but there is none before this line", n, n);
		s->reported = true;
		return s;
	}
	return numlabel_sym(ctx, n, forward ? *count + 1 : *count);
}

/* --- encoding --------------------------------------------------------------------- */

static uint8_t regn(uint8_t r)
{
	return r & 0x0f;
}

static bool is32(uint8_t r)
{
	return (r & ASM_W) != 0;
}

static const char *rname(uint8_t r, char *buf)
{
	snprintf(buf, 8, "%c%u", is32(r) ? 'w' : 'r', regn(r));
	return buf;
}

/* Append one instruction slot; returns its byte offset, or UINT64_MAX when it cannot. */
static uint64_t emit(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t code, uint8_t dst,
		     uint8_t src, int16_t off, int32_t imm)
{
	struct asm_section *s = cur_section(ctx);
	struct isa_insn in = {code, regn(dst), regn(src), off, imm};
	uint64_t at;

	if (!s)
		return UINT64_MAX;
	if (!s->is_prog) {
		if (!s->ninsns && !s->dropped)
			asm_error(ctx, loc, "instruction in data section '%s'; start a program with `.section NAME` or `.text`", s->name);
		s->ninsns++;
		return UINT64_MAX;
	}
	if (s->data.len % 8) {
		asm_error(ctx, loc, "instruction at offset %zu of '%s' is not 8-byte aligned; put data directives in a data section", s->data.len, s->name);
		return UINT64_MAX;
	}
	if (s->data.len + 8 > s->data.cap && asm_buf_append(&s->data, NULL, 8) == 0)
		s->data.len -= 8;
	if (s->data.len + 8 > s->data.cap || ASM_GROW(s->insns, s->ninsns, s->capinsns) < 0) {
		ctx->oom = true;
		return UINT64_MAX;
	}
	at = s->data.len;
	isa_encode(&in, s->data.p + at);
	s->data.len += 8;
	s->insns[s->ninsns++] = (struct asm_insn_loc){(uint32_t)at, loc->first_line,
						       loc->first_column,
						       loc->file};
	return at;
}

/* The second slot of lddw: no location of its own. */
static void emit_hi(struct asm_ctx *ctx, int32_t imm)
{
	struct asm_section *s = cur_section(ctx);
	struct isa_insn in = {0, 0, 0, 0, imm};
	uint8_t b[8];

	isa_encode(&in, b);
	if (asm_buf_append(&s->data, b, 8) < 0)
		ctx->oom = true;
}

static void put_imm(struct asm_ctx *ctx, int section, uint64_t off, int32_t imm)
{
	uint8_t *p = ctx->secs[section].data.p + off;

	p[4] = (uint8_t)imm;
	p[5] = (uint8_t)((uint32_t)imm >> 8);
	p[6] = (uint8_t)((uint32_t)imm >> 16);
	p[7] = (uint8_t)((uint32_t)imm >> 24);
}

static void put_off(struct asm_ctx *ctx, int section, uint64_t off, int16_t v)
{
	uint8_t *p = ctx->secs[section].data.p + off;

	p[2] = (uint8_t)v;
	p[3] = (uint8_t)((uint16_t)v >> 8);
}

static void put_src(struct asm_ctx *ctx, int section, uint64_t off, uint8_t src)
{
	uint8_t *p = ctx->secs[section].data.p + off;

	p[1] = (uint8_t)((p[1] & 0x0f) | src << 4);
}

static char *fmt_num(int64_t v, char *buf, size_t len)
{
	if (v >= -65535 && v <= 65535)
		snprintf(buf, len, "%" PRId64, v);
	else if (v < 0)
		snprintf(buf, len, "-0x%" PRIx64, (uint64_t)0 - (uint64_t)v);
	else
		snprintf(buf, len, "0x%" PRIx64, (uint64_t)v);
	return buf;
}

enum imm_use { IMM_MOV64, IMM_ALU64, IMM_ALU32, IMM_JMP64, IMM_JMP32, IMM_PLAIN };

/* Range of a 32-bit immediate; 64-bit operations sign-extend it, which deserves a word. */
static bool check_imm32(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v, enum imm_use use,
			uint8_t dst)
{
	char nb[32], rb[8];

	if (v < INT32_MIN || v > (int64_t)UINT32_MAX) {
		if (use == IMM_MOV64)
			asm_error(ctx, loc, "%s does not fit in a 32-bit immediate; write `%s = %s ll` to load a 64-bit constant",
				  fmt_num(v, nb, sizeof(nb)), rname(dst, rb), fmt_num(v, nb, sizeof(nb)));
		else
			asm_error(ctx, loc, "%s does not fit in a 32-bit immediate; load it into a register with `rN = %s ll` and use the register",
				  fmt_num(v, nb, sizeof(nb)), fmt_num(v, nb, sizeof(nb)));
		return false;
	}
	if (v > INT32_MAX && (use == IMM_MOV64 || use == IMM_ALU64 || use == IMM_JMP64)) {
		int64_t ext = (int32_t)(uint32_t)v;
		if (use == IMM_MOV64)
			asm_warning(ctx, loc, "%s is sign-extended to %" PRId64 " (0x%" PRIx64 ") in a 64-bit register; write %" PRId64 " to say so, or `%s = %s ll` for the 64-bit value",
				    fmt_num(v, nb, sizeof(nb)), ext, (uint64_t)ext, ext, rname(dst, rb),
				    fmt_num(v, nb, sizeof(nb)));
		else
			asm_warning(ctx, loc, "%s is sign-extended to %" PRId64 " (0x%" PRIx64 ") in a 64-bit operation; write %" PRId64 " to say so",
				    fmt_num(v, nb, sizeof(nb)), ext, (uint64_t)ext, ext);
	}
	return true;
}

static bool check_off16(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v)
{
	char nb[32];

	if (v < INT16_MIN || v > INT16_MAX) {
		asm_error(ctx, loc, "offset %s is outside the signed 16-bit range -32768..32767; add it to the address register first",
			  fmt_num(v, nb, sizeof(nb)));
		return false;
	}
	return true;
}

/* A 32-bit immediate now, or a fixup for later. */
static void set_imm(struct asm_ctx *ctx, const struct asm_val *v, enum imm_use use, uint8_t dst,
		    uint64_t at, bool is_mov)
{
	struct asm_eval ev;

	if (at == UINT64_MAX)
		return;
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0 && check_imm32(ctx, &v->loc, ev.v, use, dst))
			put_imm(ctx, ctx->cur, at, (int32_t)(uint32_t)ev.v);
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_IMM32, .width = (uint8_t)use, .is_mov = is_mov,
					       .section = ctx->cur, .offset = at, .val = *v, .loc = v->loc,
					       .tgt.delta = dst});
}

static void set_off(struct asm_ctx *ctx, const struct asm_val *v, uint64_t at)
{
	struct asm_eval ev;

	if (at == UINT64_MAX)
		return;
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0 && check_off16(ctx, &v->loc, ev.v))
			put_off(ctx, ctx->cur, at, (int16_t)ev.v);
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_OFF16, .section = ctx->cur, .offset = at,
					       .val = *v, .loc = v->loc});
}

static bool check_dst(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst)
{
	if (regn(dst) == 10) {
		asm_error(ctx, loc, "r10 is the read-only frame pointer; copy it first (`r1 = r10`) and change the copy");
		return false;
	}
	return true;
}

static bool same_width(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src,
		       const char *what)
{
	char a[8], b[8];

	if (is32(dst) == is32(src))
		return true;
	asm_error(ctx, loc, "%s mixes %s and %s: use w registers on both sides for 32 bits, r registers for 64",
		  what, rname(dst, a), rname(src, b));
	return false;
}

/* `skb[wN]`: the parser reports w registers inside (rN + off) itself. */
static bool addr_reg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t r)
{
	if (is32(r)) {
		asm_error(ctx, loc, "an address is a 64-bit register: write r%u, not w%u", regn(r), regn(r));
		return false;
	}
	return true;
}

void asm_ins_alu(struct asm_ctx *ctx, const struct asm_loc *loc, int row, uint8_t dst,
		 const struct asm_operand *src)
{
	const struct isa_row *r = &isa_rows[row];
	bool w = is32(dst);
	uint8_t code = (uint8_t)((w ? BPF_ALU : BPF_ALU64) | r->op);
	uint64_t at;
	struct asm_eval ev;
	char nb[32];

	if (!check_dst(ctx, loc, dst))
		return;
	if (src->is_reg) {
		if (!same_width(ctx, loc, dst, src->reg, "this instruction"))
			return;
		emit(ctx, loc, code | BPF_X, dst, src->reg, r->off, 0);
		return;
	}
	at = emit(ctx, loc, code | BPF_K, dst, 0, r->off, 0);
	if (at == UINT64_MAX)
		return;
	if (r->shape == ISA_ALU && asm_val_ready(ctx, &src->val) &&
	    asm_eval(ctx, &src->val, true, &ev) == 0) {
		if ((r->op == BPF_DIV || r->op == BPF_MOD) && ev.v == 0) {
			asm_error(ctx, &src->val.loc, "division by zero: the verifier refuses a constant divisor of 0");
			return;
		}
		if ((r->op == BPF_LSH || r->op == BPF_RSH || r->op == BPF_ARSH) &&
		    (ev.v < 0 || ev.v >= (w ? 32 : 64))) {
			asm_error(ctx, &src->val.loc, "shift by %s is out of range for a %d-bit register (0..%d)",
				  fmt_num(ev.v, nb, sizeof(nb)), w ? 32 : 64, w ? 31 : 63);
			return;
		}
	}
	set_imm(ctx, &src->val, r->shape == ISA_MOV ? (w ? IMM_ALU32 : IMM_MOV64) : (w ? IMM_ALU32 : IMM_ALU64),
		dst, at, r->shape == ISA_MOV);
}

void asm_ins_neg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src)
{
	char a[8], b[8];

	if (!check_dst(ctx, loc, dst) || !same_width(ctx, loc, dst, src, "negation"))
		return;
	if (regn(dst) != regn(src)) {
		asm_error(ctx, loc, "negation works in place: write `%s = %s` then `%s = -%s`",
			  rname(dst, a), rname(src, b), a, a);
		return;
	}
	emit(ctx, loc, (is32(dst) ? BPF_ALU : BPF_ALU64) | BPF_NEG, dst, 0, 0, 0);
}

void asm_ins_movsx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row];
	unsigned bits = isa_size_bytes(r->op) * 8;
	char a[8], b[8];

	if (!check_dst(ctx, loc, dst) || !same_width(ctx, loc, dst, src, "this move"))
		return;
	if (!(r->flags & ISA_F_SIGNED)) {
		asm_error(ctx, loc, "only sign-extending moves exist: write (s8), (s16) or (s32); for zero extension use `%s &= 0x%x` or a w register",
			  rname(dst, a), bits >= 32 ? 0xffffffffu : (1u << bits) - 1);
		return;
	}
	if (bits == 64 || (is32(dst) && bits == 32)) {
		asm_error(ctx, loc, "(%s) is not a narrowing: a %s register sign-extends from s8, s16%s",
			  r->text, is32(dst) ? "32-bit" : "64-bit", is32(dst) ? "" : " or s32");
		return;
	}
	(void)b;
	emit(ctx, loc, (is32(dst) ? BPF_ALU : BPF_ALU64) | BPF_MOV | BPF_X, dst, src, (int16_t)bits, 0);
}

void asm_ins_end(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row, uint8_t src)
{
	const struct isa_row *r = &isa_rows[row];
	char a[8];

	if (!check_dst(ctx, loc, dst))
		return;
	if (regn(dst) != regn(src)) {
		asm_error(ctx, loc, "a byte swap works in place: write `%s = %s %s`", rname(dst, a), r->text, a);
		return;
	}
	if (r->flags & ISA_F_ALU64)
		emit(ctx, loc, BPF_ALU64 | BPF_END | BPF_TO_LE, dst, 0, 0, r->imm);
	else
		emit(ctx, loc, BPF_ALU | BPF_END | r->op, dst, 0, 0, r->imm);
}

void asm_ins_lddw(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, const struct asm_val *v)
{
	uint64_t at;
	struct asm_eval ev;

	if (!check_dst(ctx, loc, dst))
		return;
	if (is32(dst)) {
		asm_error(ctx, loc, "a 64-bit load (`ll`) needs a 64-bit register: write r%u", regn(dst));
		return;
	}
	at = emit(ctx, loc, BPF_LD | BPF_IMM | BPF_DW, dst, 0, 0, 0);
	if (at == UINT64_MAX)
		return;
	emit_hi(ctx, 0);
	if (asm_val_ready(ctx, v)) {
		if (asm_eval(ctx, v, true, &ev) == 0) {
			put_imm(ctx, ctx->cur, at, (int32_t)(uint32_t)ev.v);
			put_imm(ctx, ctx->cur, at + 8, (int32_t)(uint32_t)((uint64_t)ev.v >> 32));
		}
		return;
	}
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_LDDW, .section = ctx->cur, .offset = at,
					       .val = *v, .loc = v->loc});
}

void asm_ins_ldpseudo(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst,
		      const struct asm_val *src, const struct asm_val *imm)
{
	struct asm_eval ev;
	uint64_t at;

	if (!check_dst(ctx, loc, dst) || asm_eval(ctx, src, true, &ev))
		return;
	if (ev.v < 0 || ev.v > 15) {
		asm_error(ctx, &src->loc, "the source field of ld_pseudo is 4 bits (0..15), not %" PRId64, ev.v);
		return;
	}
	if (is32(dst)) {
		asm_error(ctx, loc, "ld_pseudo loads 64 bits: write r%u", regn(dst));
		return;
	}
	at = emit(ctx, loc, BPF_LD | BPF_IMM | BPF_DW, dst, (uint8_t)ev.v, 0, 0);
	if (at == UINT64_MAX)
		return;
	emit_hi(ctx, 0);
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_LDPSEUDO_IMM, .section = ctx->cur,
					       .offset = at, .val = *imm, .loc = imm->loc});
}

void asm_ins_load(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		  const struct asm_mem *m)
{
	const struct isa_row *r = &isa_rows[size_row];
	bool sx = r->flags & ISA_F_SIGNED;

	if (!check_dst(ctx, loc, dst) || !addr_reg(ctx, &m->off.loc, m->reg))
		return;
	if (sx && r->op == BPF_DW) {
		asm_error(ctx, loc, "there is no sign-extending 64-bit load: write *(u64 *)");
		return;
	}
	if (is32(dst) && (sx || r->op == BPF_DW)) {
		asm_error(ctx, loc, "*(%s *) fills the whole 64-bit register: write r%u", r->text, regn(dst));
		return;
	}
	set_off(ctx, &m->off, emit(ctx, loc, BPF_LDX | r->op | (sx ? BPF_MEMSX : BPF_MEM), dst, m->reg, 0, 0));
}

static bool store_width_ok(struct asm_ctx *ctx, const struct asm_loc *loc, const struct isa_row *r)
{
	if (r->flags & ISA_F_SIGNED) {
		asm_error(ctx, loc, "a store has no sign: write *(u%u *)", isa_size_bytes(r->op) * 8);
		return false;
	}
	return true;
}

void asm_ins_store(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, const struct asm_operand *src)
{
	const struct isa_row *r = &isa_rows[size_row];
	uint64_t at;
	struct asm_eval ev;
	char nb[32];

	if (!store_width_ok(ctx, loc, r) || !addr_reg(ctx, &m->off.loc, m->reg))
		return;
	if (src->is_reg) {
		if (is32(src->reg) && r->op == BPF_DW) {
			asm_error(ctx, &src->val.loc, "*(u64 *) stores 64 bits: write r%u", regn(src->reg));
			return;
		}
		set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | r->op | BPF_MEM, m->reg, src->reg, 0, 0));
		return;
	}
	at = emit(ctx, loc, BPF_ST | r->op | BPF_MEM, m->reg, 0, 0, 0);
	set_off(ctx, &m->off, at);
	if (r->op != BPF_DW && r->op != BPF_W && asm_val_ready(ctx, &src->val) &&
	    asm_eval(ctx, &src->val, true, &ev) == 0) {
		unsigned bits = isa_size_bytes(r->op) * 8;
		if (ev.v < -(INT64_C(1) << (bits - 1)) || ev.v >= (INT64_C(1) << bits)) {
			asm_error(ctx, &src->val.loc, "%s does not fit in %s", fmt_num(ev.v, nb, sizeof(nb)), r->text);
			return;
		}
	}
	set_imm(ctx, &src->val, r->op == BPF_DW ? IMM_ALU64 : IMM_PLAIN, 0, at, false);
}

void asm_ins_ldpkt(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   int reg, const struct asm_val *imm)
{
	const struct isa_row *r = &isa_rows[size_row];

	if (regn(dst) != 0 || is32(dst)) {
		asm_error(ctx, loc, "a legacy packet load always writes r0: write `r0 = *(%s *)skb[...]`", r->text);
		return;
	}
	if (r->op == BPF_DW || (r->flags & ISA_F_SIGNED)) {
		asm_error(ctx, loc, "legacy packet loads read u8, u16 or u32");
		return;
	}
	if (reg >= 0 && !addr_reg(ctx, loc, (uint8_t)reg))
		return;
	set_imm(ctx, imm, IMM_PLAIN, 0,
		emit(ctx, loc, BPF_LD | r->op | (reg < 0 ? BPF_ABS : BPF_IND), 0, reg < 0 ? 0 : (uint8_t)reg, 0, 0),
		false);
}

/* Width of an atomic's register operand: u64 wants r, u32 wants w (r accepted as the
 * verifier prints it). */
static bool atomic_reg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t size, uint8_t reg)
{
	if (size == BPF_DW && is32(reg)) {
		asm_error(ctx, loc, "a 64-bit atomic operation takes r registers: write r%u", regn(reg));
		return false;
	}
	return true;
}

void asm_ins_lock(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		  const struct asm_mem *m, int op_row, uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row], *op = &isa_rows[op_row];

	if (!(op->flags & ISA_F_ATOMIC)) {
		asm_error(ctx, loc, "`lock` works with +=, |=, &= and ^=, not %s", op->text);
		return;
	}
	if (r->op != BPF_W && r->op != BPF_DW) {
		asm_error(ctx, loc, "atomic operations work on u32 and u64, not %s", r->text);
		return;
	}
	if (!addr_reg(ctx, &m->off.loc, m->reg) || !atomic_reg(ctx, loc, r->op, src))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | r->op, m->reg, src, 0, op->op));
}

void asm_ins_atomic_fn(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int fn_row,
		       int size_row, const struct asm_mem *m, uint8_t cmp, uint8_t src)
{
	const struct isa_row *f = &isa_rows[fn_row];
	uint8_t size;
	char a[8];

	if (size_row >= 0)
		size = isa_rows[size_row].op;
	else if (f->shape == ISA_XCHG || f->shape == ISA_CMPXCHG)
		size = (f->flags & ISA_F_W32) ? BPF_W : BPF_DW;
	else {
		asm_error(ctx, loc, "%s takes a typed address: write %s((u64 *)(rN + off), ...)", f->text, f->text);
		return;
	}
	if (size_row >= 0 && (isa_rows[size_row].flags & ISA_F_SIGNED)) {
		asm_error(ctx, loc, "atomic operations take unsigned widths: write u%u", isa_size_bytes(size) * 8);
		return;
	}
	if ((f->flags & ISA_F_W64) && size != BPF_DW) {
		asm_error(ctx, loc, "%s is a 64-bit operation: write (u64 *)", f->text);
		return;
	}
	if (!addr_reg(ctx, &m->off.loc, m->reg))
		return;
	switch (f->shape) {
	case ISA_LDACQ:
		if (src != 0xff || cmp != 0xff) {
			asm_error(ctx, loc, "load_acquire takes only an address: write `%s = load_acquire((u64 *)(r1 + 0))`", rname(dst, a));
			return;
		}
		if (!check_dst(ctx, loc, dst) || !atomic_reg(ctx, loc, size, dst))
			return;
		set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | size, dst, m->reg, 0, f->imm));
		return;
	case ISA_AFETCH:
	case ISA_XCHG:
		if (src == 0xff || cmp != 0xff) {
			asm_error(ctx, loc, "%s takes an address and a register: write `r2 = %s(%s, r2)`", f->text, f->text,
				  f->shape == ISA_XCHG ? "r1 + 0" : "(u64 *)(r1 + 0)");
			return;
		}
		if (regn(dst) != regn(src)) {
			asm_error(ctx, loc, "the old value replaces the source register: write `%s = %s(..., %s)`",
				  rname(src, a), f->text, a);
			return;
		}
		break;
	case ISA_CMPXCHG:
		if (src == 0xff || cmp == 0xff) {
			asm_error(ctx, loc, "%s takes an address, r0 and a register: write `r0 = %s(r1 + 0, r0, r2)`", f->text, f->text);
			return;
		}
		if (regn(dst) != 0 || regn(cmp) != 0) {
			asm_error(ctx, loc, "compare-and-exchange compares with r0 and leaves the old value in r0: write `r0 = %s(..., r0, %s)`",
				  f->text, rname(src, a));
			return;
		}
		break;
	default:
		return;
	}
	if (size != BPF_W && size != BPF_DW) {
		asm_error(ctx, loc, "%s works on u32 and u64", f->text);
		return;
	}
	if (!atomic_reg(ctx, loc, size, src) || !atomic_reg(ctx, loc, size, dst))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | size, m->reg, src, 0, f->imm));
}

void asm_ins_strel(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, uint8_t src)
{
	const struct isa_row *r = &isa_rows[size_row];

	if (!store_width_ok(ctx, loc, r) || !addr_reg(ctx, &m->off.loc, m->reg) ||
	    !atomic_reg(ctx, loc, r->op, src))
		return;
	set_off(ctx, &m->off, emit(ctx, loc, BPF_STX | BPF_ATOMIC | r->op, m->reg, src, 0, BPF_STORE_REL));
}

/* A jump's offset: a literal delta now, a label later. */
static void set_target(struct asm_ctx *ctx, const struct asm_target *t, uint64_t at, bool wide)
{
	if (at == UINT64_MAX)
		return;
	if (!t->sym) {
		if (wide ? (t->delta < INT32_MIN || t->delta > INT32_MAX)
			 : (t->delta < INT16_MIN || t->delta > INT16_MAX)) {
			asm_error(ctx, &t->loc, "jump of %" PRId64 " instructions is out of range%s", t->delta,
				  wide ? "" : " (-32768..32767)");
			return;
		}
		if (wide)
			put_imm(ctx, ctx->cur, at, (int32_t)t->delta);
		else
			put_off(ctx, ctx->cur, at, (int16_t)t->delta);
		return;
	}
	t->sym->referenced = true;
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = wide ? FX_JMP32 : FX_JMP16, .section = ctx->cur,
					       .offset = at, .tgt = *t, .loc = t->loc});
}

void asm_ins_jcc(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row,
		 const struct asm_operand *src, const struct asm_target *t)
{
	const struct isa_row *r = &isa_rows[row];
	uint8_t code = (uint8_t)((is32(dst) ? BPF_JMP32 : BPF_JMP) | r->op);
	uint64_t at;

	if (src->is_reg) {
		if (!same_width(ctx, loc, dst, src->reg, "this comparison"))
			return;
		at = emit(ctx, loc, code | BPF_X, dst, src->reg, 0, 0);
	} else {
		at = emit(ctx, loc, code | BPF_K, dst, 0, 0, 0);
		set_imm(ctx, &src->val, is32(dst) ? IMM_JMP32 : IMM_JMP64, dst, at, false);
	}
	set_target(ctx, t, at, false);
}

void asm_ins_goto(struct asm_ctx *ctx, const struct asm_loc *loc, bool is_long, const struct asm_target *t)
{
	set_target(ctx, t, emit(ctx, loc, is_long ? BPF_JMP32 | BPF_JA : BPF_JMP | BPF_JA, 0, 0, 0, 0), is_long);
}

void asm_ins_may_goto(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t)
{
	set_target(ctx, t, emit(ctx, loc, BPF_JMP | BPF_JCOND, 0, 0, 0, 0), false);
}

void asm_ins_call(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t)
{
	uint64_t at;

	if (t->is_num) {
		if (t->delta < 0 || t->delta > INT32_MAX) {
			asm_error(ctx, &t->loc, "helper id %" PRId64 " is out of range", t->delta);
			return;
		}
		emit(ctx, loc, BPF_JMP | BPF_CALL, 0, 0, 0, (int32_t)t->delta);
		return;
	}
	if (!t->sym) { /* `call pc+N`, as the verifier prints a BPF-to-BPF call */
		if (t->delta < INT32_MIN || t->delta > INT32_MAX) {
			asm_error(ctx, &t->loc, "call offset %" PRId64 " is out of range", t->delta);
			return;
		}
		emit(ctx, loc, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, (int32_t)t->delta);
		return;
	}
	at = emit(ctx, loc, BPF_JMP | BPF_CALL, 0, 0, 0, 0);
	if (at == UINT64_MAX)
		return;
	t->sym->referenced = true;
	asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_CALL, .section = ctx->cur, .offset = at,
					       .tgt = *t, .loc = t->loc});
}

void asm_ins_callx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t reg)
{
	if (is32(reg)) {
		asm_error(ctx, loc, "callx takes a 64-bit register: write r%u", regn(reg));
		return;
	}
	emit(ctx, loc, BPF_JMP | BPF_CALL | BPF_X, reg, 0, 0, 0);
}

void asm_ins_exit(struct asm_ctx *ctx, const struct asm_loc *loc)
{
	emit(ctx, loc, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

/* --- resolution ------------------------------------------------------------------- */

static const char *nearest_label(struct asm_ctx *ctx, const char *word)
{
	struct names_near n;

	names_near_init(&n);
	for (size_t i = 0; i < ctx->nsyms; i++)
		if (ctx->syms[i]->kind == SYM_LABEL && !ctx->syms[i]->is_num)
			names_near_try(&n, word, ctx->syms[i]->name);
	return names_near_result(&n, word);
}

static void unknown_label(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	const char *near;

	if (s->reported)
		return;
	if (s->is_num) {
		asm_error(ctx, &fx->loc, "'%" PRIu64 "f' refers forward to label %" PRIu64 ":, but there is none after this line",
			  s->num, s->num);
		return;
	}
	near = nearest_label(ctx, s->name);
	if (near)
		asm_error(ctx, &fx->loc, "unknown label '%s'; did you mean '%s'?", s->name, near);
	else
		asm_error(ctx, &fx->loc, "unknown label '%s'", s->name);
}

static void fix_jump(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	int64_t delta;
	char b[32];

	if (s->kind != SYM_LABEL) {
		unknown_label(ctx, fx);
		return;
	}
	if (s->section != fx->section) {
		asm_error(ctx, &fx->loc, "jump from section '%s' to '%s' in section '%s': a jump stays in its section; call a function in another section with `call %s`",
			  ctx->secs[fx->section].name, sym_display(s, b, sizeof(b)), ctx->secs[s->section].name,
			  s->name);
		return;
	}
	if (s->value % 8) {
		asm_error(ctx, &fx->loc, "label '%s' is not on an instruction boundary", s->name);
		return;
	}
	delta = (int64_t)(s->value / 8) - (int64_t)(fx->offset / 8) - 1;
	if (fx->kind == FX_JMP32) {
		put_imm(ctx, fx->section, fx->offset, (int32_t)delta);
		return;
	}
	if (delta < INT16_MIN || delta > INT16_MAX) {
		uint8_t code = ctx->secs[fx->section].data.p[fx->offset];
		if (code == (BPF_JMP | BPF_JA))
			asm_error(ctx, &fx->loc, "'%s' is %" PRId64 " instructions away, beyond the reach of goto (-32768..32767); write `gotol %s`",
				  sym_display(s, b, sizeof(b)), delta, s->name);
		else
			asm_error(ctx, &fx->loc, "'%s' is %" PRId64 " instructions away, beyond the reach of a conditional jump (-32768..32767); jump to a nearby `gotol %s` instead",
				  sym_display(s, b, sizeof(b)), delta, s->name);
		return;
	}
	put_off(ctx, fx->section, fx->offset, (int16_t)delta);
}

/* call NAME: a label here, a helper, a kfunc, or an external function; else a typo. */
static void fix_call(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_sym *s = fx->tgt.sym;
	struct asm_section *sec = &ctx->secs[fx->section];
	int32_t id;
	const char *near;

	if (s->kind == SYM_LABEL) {
		s->called = true;
		put_src(ctx, fx->section, fx->offset, BPF_PSEUDO_CALL);
		if (s->section == fx->section) {
			put_imm(ctx, fx->section, fx->offset, (int32_t)((int64_t)(s->value / 8) - (int64_t)(fx->offset / 8) - 1));
			return;
		}
		if (s->local_label) { /* against the section: libbpf adds imm + 1 slots */
			put_imm(ctx, fx->section, fx->offset, (int32_t)(s->value / 8) - 1);
			add_reloc(ctx, sec, fx->offset, NULL, s->section, BO_R_BPF_64_32);
		} else {
			put_imm(ctx, fx->section, fx->offset, -1);
			add_reloc(ctx, sec, fx->offset, s, -1, BO_R_BPF_64_32);
		}
		return;
	}
	if (s->kind == SYM_NONE && (id = names_helper_id(s->name)) > 0 && !s->bind_set) {
		put_imm(ctx, fx->section, fx->offset, id);
		return;
	}
	if (s->kind == SYM_EXTERN || (s->kind == SYM_NONE && s->bind_set && s->bind != STB_LOCAL)) {
		put_src(ctx, fx->section, fx->offset, s->kind == SYM_EXTERN ? BPF_PSEUDO_KFUNC_CALL : BPF_PSEUDO_CALL);
		put_imm(ctx, fx->section, fx->offset, -1);
		add_reloc(ctx, sec, fx->offset, s, -1, BO_R_BPF_64_32);
		return;
	}
	if (s->kind == SYM_EQU) {
		asm_error(ctx, &fx->loc, "'%s' is a constant, not a function: call a helper by name (`call bpf_map_lookup_elem`) or by number (`call 1`)",
			  s->name);
		return;
	}
	if (s->is_num) {
		unknown_label(ctx, fx);
		return;
	}
	near = names_helper_near(s->name);
	if (near)
		asm_error(ctx, &fx->loc, "unknown function '%s'; did you mean bpf_%s?", s->name, near);
	else if ((near = nearest_label(ctx, s->name)))
		asm_error(ctx, &fx->loc, "unknown function '%s'; did you mean '%s'?", s->name, near);
	else
		asm_error(ctx, &fx->loc, "unknown function '%s': not a label, a helper, or a name declared with .extern or .globl",
			  s->name);
}

/* A symbolic value in an instruction or data: relocate against the symbol when it is
 * global or undefined, against its section (offset in the addend) when it is local. */
static bool reloc_value(struct asm_ctx *ctx, const struct asm_fixup *fx, const struct asm_eval *ev,
			uint32_t type, int64_t *addend)
{
	struct asm_sym *s = ev->sym;
	struct asm_section *sec = &ctx->secs[fx->section];
	const char *near;

	if (s->kind == SYM_LABEL) {
		bool global = s->bind_set && s->bind != STB_LOCAL;
		/* In a mergeable section (strings) the linker may move what follows a label,
		 * so an offset from it must stay attached to the label itself, as LLVM does. */
		bool merge = (ctx->secs[s->section].flags & SHF_MERGE) && ev->v != 0;
		if (global || merge) {
			s->force_symtab = merge;
			add_reloc(ctx, sec, fx->offset, s, -1, type);
			*addend = ev->v;
		} else {
			add_reloc(ctx, sec, fx->offset, NULL, s->section, type);
			*addend = (int64_t)s->value + ev->v;
		}
		return true;
	}
	if (s->kind == SYM_EXTERN || (s->bind_set && s->bind != STB_LOCAL)) {
		add_reloc(ctx, sec, fx->offset, s, -1, type);
		*addend = ev->v;
		return true;
	}
	if (s->is_num) {
		asm_error(ctx, &fx->loc, "no label %" PRIu64 ": to refer to", s->num);
		return false;
	}
	near = nearest_label(ctx, s->name);
	if (near)
		asm_error(ctx, &fx->loc, "unknown name '%s'; did you mean '%s'?", s->name, near);
	else
		asm_error(ctx, &fx->loc, "unknown name '%s' (declare an external symbol with `.extern %s`)", s->name, s->name);
	return false;
}

/* A 4-byte value naming a symbol: LLVM's R_BPF_64_NODYLD32 (which runtime loaders leave
 * alone) for a temporary label in code, as .BTF.ext's instruction offsets are, and for a
 * named label in writable data, as .BTF's variable offsets are; R_BPF_64_ABS32 else. */
static uint32_t data32_reloc(const struct asm_ctx *ctx, const struct asm_sym *s)
{
	uint64_t f;

	if (s->kind != SYM_LABEL)
		return BO_R_BPF_64_ABS32;
	f = ctx->secs[s->section].flags;
	if (s->local_label || s->is_num)
		return (f & SHF_ALLOC) && (f & SHF_EXECINSTR) ? BO_R_BPF_64_NODYLD32 : BO_R_BPF_64_ABS32;
	return (f & SHF_ALLOC) && (f & SHF_WRITE) ? BO_R_BPF_64_NODYLD32 : BO_R_BPF_64_ABS32;
}

static void fix_value(struct asm_ctx *ctx, const struct asm_fixup *fx)
{
	struct asm_eval ev;
	int64_t addend = 0;
	uint8_t *p;
	char nb[32], rb[8];

	if (asm_eval(ctx, &fx->val, false, &ev))
		return;
	switch (fx->kind) {
	case FX_IMM32:
	case FX_OFF16:
		if (ev.sym && ev.sym->kind == SYM_NONE && !ev.sym->bind_set) {
			const char *near = nearest_label(ctx, ev.sym->name);
			if (near)
				asm_error(ctx, &fx->loc, "unknown name '%s'; did you mean '%s'?", ev.sym->name, near);
			else
				asm_error(ctx, &fx->loc, "unknown name '%s'", ev.sym->name);
			return;
		}
		break;
	default:
		break;
	}
	switch (fx->kind) {
	case FX_IMM32:
		if (ev.sym) {
			if (fx->is_mov)
				asm_error(ctx, &fx->loc, "'%s' is an address: load it with `%s = %s ll`", ev.sym->name,
					  rname((uint8_t)fx->tgt.delta, rb), ev.sym->name);
			else
				asm_error(ctx, &fx->loc, "'%s' is an address, not a constant", ev.sym->name);
			return;
		}
		if (check_imm32(ctx, &fx->loc, ev.v, (enum imm_use)fx->width, (uint8_t)fx->tgt.delta))
			put_imm(ctx, fx->section, fx->offset, (int32_t)(uint32_t)ev.v);
		return;
	case FX_OFF16:
		if (ev.sym) {
			asm_error(ctx, &fx->loc, "'%s' is an address, not an offset", ev.sym->name);
			return;
		}
		if (check_off16(ctx, &fx->loc, ev.v))
			put_off(ctx, fx->section, fx->offset, (int16_t)ev.v);
		return;
	case FX_LDDW:
	case FX_LDPSEUDO_IMM:
		if (ev.sym && (fx->kind == FX_LDPSEUDO_IMM || !reloc_value(ctx, fx, &ev, BO_R_BPF_64_64, &addend)))
			return;
		if (ev.sym)
			ev.v = addend;
		put_imm(ctx, fx->section, fx->offset, (int32_t)(uint32_t)ev.v);
		put_imm(ctx, fx->section, fx->offset + 8, (int32_t)(uint32_t)((uint64_t)ev.v >> 32));
		return;
	case FX_DATA:
		if (ev.sym) {
			uint32_t type = fx->width == 8 ? BO_R_BPF_64_ABS64 : data32_reloc(ctx, ev.sym);
			if (fx->width != 8 && fx->width != 4) {
				asm_error(ctx, &fx->loc, "the address of '%s' needs .long or .quad", ev.sym->name);
				return;
			}
			if (!reloc_value(ctx, fx, &ev, type, &addend))
				return;
			ev.v = addend;
		} else if (fx->width < 8) {
			unsigned bits = fx->width * 8u;
			if (ev.v < -(INT64_C(1) << (bits - 1)) || ev.v >= (INT64_C(1) << bits)) {
				asm_error(ctx, &fx->loc, "%s does not fit in %u bytes", fmt_num(ev.v, nb, sizeof(nb)), fx->width);
				return;
			}
		}
		p = ctx->secs[fx->section].data.p + fx->offset;
		for (unsigned i = 0; i < fx->width; i++)
			p[i] = (uint8_t)((uint64_t)ev.v >> (8 * i));
		return;
	}
}

/* Program symbols: the entry of each program section is a global function; call
 * targets are functions; a function's size runs to the next function. */
static void settle_symbols(struct asm_ctx *ctx)
{
	for (size_t i = 0; i < ctx->nsecs; i++) {
		struct asm_section *sec = &ctx->secs[i];
		struct asm_sym *e = sec->first_label;

		if (!sec->is_prog || prefix(sec->name, ".text") || sec->dropped)
			continue;
		if (e && e->value == 0) {
			if (!e->type_set)
				e->type = STT_FUNC;
			if (!e->bind_set)
				e->bind = STB_GLOBAL;
		} else if (sec->data.len) {
			/* no label at offset 0: name the program after its section */
			char name[256];
			size_t n = 0;
			struct asm_sym *s;
			for (const char *p = sec->name; *p && n + 1 < sizeof(name); p++)
				name[n++] = (char)((*p == '/' || *p == '-' || *p == '.') ? '_' : *p);
			s = asm_intern(ctx, name, n);
			if (s->kind == SYM_NONE) {
				s->kind = SYM_LABEL;
				s->section = (int)i;
				s->value = 0;
				s->type = STT_FUNC;
				s->bind = STB_GLOBAL;
				s->type_set = s->bind_set = true;
			}
		}
	}
	/* A call target in .text is a subprogram: a function symbol. Inside a program
	 * section it stays a plain label, because libbpf splits a section into programs at
	 * function symbols and refuses static ones there. */
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i];
		if (s->kind == SYM_LABEL && s->called && !s->type_set && prefix(ctx->secs[s->section].name, ".text"))
			s->type = STT_FUNC;
	}
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i], *t;
		uint64_t end;
		if (s->kind != SYM_LABEL || s->type != STT_FUNC || s->size_set)
			continue;
		end = sec_size(&ctx->secs[s->section]);
		for (size_t j = 0; j < ctx->nsyms; j++) {
			t = ctx->syms[j];
			if (t != s && t->kind == SYM_LABEL && t->type == STT_FUNC && t->section == s->section &&
			    t->value > s->value && t->value < end)
				end = t->value;
		}
		s->size = end - s->value;
	}
}

int asm_finish(struct asm_ctx *ctx)
{
	struct asm_eval ev;

	for (size_t i = 0; i < ctx->nfixups; i++) {
		const struct asm_fixup *fx = &ctx->fixups[i];
		if (ctx->secs[fx->section].dropped)
			continue;
		switch (fx->kind) {
		case FX_JMP16:
		case FX_JMP32:
			fix_jump(ctx, fx);
			break;
		case FX_CALL:
			fix_call(ctx, fx);
			break;
		default:
			fix_value(ctx, fx);
			break;
		}
	}
	for (size_t i = 0; i < ctx->nsyms; i++) {
		struct asm_sym *s = ctx->syms[i];
		if (s->size_expr && asm_eval(ctx, &(struct asm_val){s->size_expr, 0, s->size_expr->loc}, true, &ev) == 0)
			s->size = (uint64_t)ev.v;
	}
	settle_symbols(ctx);
	if (ctx->oom)
		asm_error(ctx, NULL, "out of memory");
	ctx->finished = true;
	return ctx->nerrors ? -EINVAL : 0;
}

/* --- entry points ----------------------------------------------------------------- */

/* Scan and parse one loaded file, then resolve everything and report. */
static int assemble_loaded(struct asm_ctx *ctx, uint16_t file)
{
	int err = asm_scan_begin(ctx, file);

	if (err)
		return err;
	asm_yyparse(ctx->scanner, ctx);
	asm_scan_end(ctx);
	err = asm_finish(ctx);
	asm_diag_flush(ctx);
	return err;
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
