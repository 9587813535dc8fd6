/* directives.c: the GNU/LLVM directives clang emits, and ours for writing programs by
 * hand (.license, .map, .struct, .enum, .extern). Arguments arrive as one generic list. */
#include <elf.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "stmt.h"
#include "scan.h"
#include "bpf_compat.h"
#include "names.h"
#include "tracefs.h"

typedef void (*dir_fn)(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		       struct asm_arg *args);

struct directive {
	const char *name;
	dir_fn fn;
	int arg; /* a per-directive number: data width, zero-termination, ... */
};

static int nargs(const struct asm_arg *a)
{
	int n = 0;

	for (; a; a = a->next)
		n++;
	return n;
}

static bool want_args(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		      const struct asm_arg *a, int min, int max, const char *usage)
{
	int n = nargs(a);

	if (n < min || n > max) {
		asm_error(ctx, loc, "%s takes %s: write `%s %s`", name,
			  min == max ? (min == 0 ? "no arguments" : min == 1 ? "one argument" : "two arguments")
				     : "other arguments",
			  name, usage);
		return false;
	}
	return true;
}

/* An argument that must be a plain name (`.globl f`). */
static struct asm_sym *arg_sym(struct asm_ctx *ctx, const struct asm_arg *a, const char *what)
{
	if (a->kind == ARG_EXPR && a->lone) /* also a constant the parser folded */
		return a->lone;
	asm_error(ctx, &a->loc, "%s needs a name here", what);
	return NULL;
}

static bool arg_const(struct asm_ctx *ctx, const struct asm_arg *a, int64_t *v)
{
	struct asm_eval ev;

	if (a->kind != ARG_EXPR || !a->has_val) {
		asm_error(ctx, &a->loc, "a number is expected here");
		return false;
	}
	if (asm_eval(ctx, &a->val, true, &ev))
		return false;
	*v = ev.v;
	return true;
}

/* --- sections ----------------------------------------------------------------------- */

static void d_section_named(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
			    struct asm_arg *args)
{
	if (args)
		asm_error(ctx, &args->loc, "%s takes no arguments; for flags write `.section %s,\"aw\"`", name, name);
	asm_switch_section(ctx, name, NULL, NULL, loc);
}

static void d_section(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		      struct asm_arg *args)
{
	const char *flags = NULL, *type = NULL;
	struct asm_arg *a = args;

	if (!a || a->kind != ARG_STRING || !a->str[0]) {
		asm_error(ctx, loc, "%s needs a section name: write `.section socket` or `.section \"tracepoint/syscalls/sys_enter_getpid\"`", name);
		return;
	}
	if (a->next) {
		if (a->next->kind != ARG_STRING) {
			asm_error(ctx, &a->next->loc, "section flags are a string such as \"ax\" or \"aw\"");
			return;
		}
		flags = a->next->str;
		if (a->next->next) {
			if (a->next->next->kind != ARG_AT) {
				asm_error(ctx, &a->next->next->loc, "the section type is written @progbits or @nobits");
				return;
			}
			type = a->next->next->name;
		}
	}
	asm_switch_section(ctx, a->str, flags, type, loc);
}

/* --- symbols ------------------------------------------------------------------------ */

static void d_bind(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		   struct asm_arg *args, int bind)
{
	if (!args)
		asm_error(ctx, loc, "%s needs at least one name", name);
	for (struct asm_arg *a = args; a; a = a->next) {
		struct asm_sym *s = arg_sym(ctx, a, name);
		if (!s)
			continue;
		if (s->kind == SYM_EQU) {
			asm_error(ctx, &a->loc, "'%s' is a constant; only labels go into the symbol table", s->name);
			continue;
		}
		s->bind = (uint8_t)bind;
		s->bind_set = true;
		s->builtin_checked = true;
	}
}

static void d_globl(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	d_bind(ctx, loc, name, args, STB_GLOBAL);
}

static void d_local(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	d_bind(ctx, loc, name, args, STB_LOCAL);
}

static void d_weak(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	d_bind(ctx, loc, name, args, STB_WEAK);
}

static void fill(struct asm_ctx *ctx, uint64_t n, uint8_t byte);
static struct asm_section *data_section(struct asm_ctx *ctx);
static void align_to(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t bytes);

/* .hidden, .protected, .internal NAME[, NAME...]: the symbol's visibility */
static void d_visibility(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	uint8_t v = !strcasecmp(name, ".hidden") ? STV_HIDDEN : !strcasecmp(name, ".protected") ? STV_PROTECTED : STV_INTERNAL;

	if (!args)
		asm_error(ctx, loc, "%s needs a name", name);
	for (struct asm_arg *a = args; a; a = a->next) {
		struct asm_sym *s = arg_sym(ctx, a, name);
		if (s) {
			s->visibility = v;
			s->builtin_checked = true;
		}
	}
}

/* .lcomm NAME, SIZE, and .comm NAME, SIZE[, ALIGN] of a name made .local first (clang's
 * zeroed statics): SIZE zeroed bytes in .bss, as llvm-mc lays them out */
static void d_comm(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	bool lcomm = !strcasecmp(name, ".lcomm");
	int saved = ctx->cur;
	int64_t size = 0, align = 1;
	struct asm_sym *s;

	if (!want_args(ctx, loc, name, args, 2, 3, "NAME, SIZE[, ALIGN]") ||
	    !(s = arg_sym(ctx, args, name)) || !arg_const(ctx, args->next, &size) ||
	    (args->next->next && !arg_const(ctx, args->next->next, &align)))
		return;
	if (size < 0 || size > (1 << 28) || align <= 0 || (align & (align - 1)) || align > 4096) {
		asm_error(ctx, &args->next->loc, "%s wants a size up to %d and an alignment that is a power of two up to 4096",
			  name, 1 << 28);
		return;
	}
	if (!lcomm && !(s->bind_set && s->bind == STB_LOCAL)) {
		asm_error(ctx, loc, "'%s' would be a common symbol, which BPF loaders refuse: write `.local %s` before "
			  "the .comm (a zeroed static), or define it in .bss", s->name, s->name);
		return;
	}
	asm_switch_section(ctx, ".bss", NULL, NULL, loc);
	if (!data_section(ctx)) { /* out of memory */
		ctx->cur = saved;
		return;
	}
	align_to(ctx, loc, align);
	asm_label(ctx, s, loc);
	fill(ctx, (uint64_t)size, 0);
	if (!(lcomm && s->bind_set && s->bind == STB_GLOBAL)) { /* GCC writes `.global x` then `.lcomm x` */
		s->bind = STB_LOCAL;
		s->bind_set = true;
	}
	if (!s->type_set) {
		s->type = STT_OBJECT;
		s->type_set = true;
	}
	s->size = (uint64_t)size;
	s->size_set = true;
	ctx->cur = saved;
}

static void d_type(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_sym *s;
	const char *t;

	if (!want_args(ctx, loc, name, args, 2, 2, "NAME, @function"))
		return;
	s = arg_sym(ctx, args, name);
	if (!s)
		return;
	t = args->next->kind == ARG_AT ? args->next->name
	    : args->next->kind == ARG_STRING ? args->next->str : "";
	if (!strcmp(t, "function"))
		s->type = STT_FUNC;
	else if (!strcmp(t, "object"))
		s->type = STT_OBJECT;
	else if (!strcmp(t, "notype"))
		s->type = STT_NOTYPE;
	else {
		asm_error(ctx, &args->next->loc, "unknown symbol type; write @function, @object or @notype");
		return;
	}
	s->type_set = true;
	s->builtin_checked = true;
}

static void d_size(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_sym *s;

	if (!want_args(ctx, loc, name, args, 2, 2, "NAME, SIZE"))
		return;
	s = arg_sym(ctx, args, name);
	if (!s || args->next->kind != ARG_EXPR) {
		if (s)
			asm_error(ctx, &args->next->loc, "the size is a number or an expression");
		return;
	}
	s->size_set = true;
	if (!args->next->val.e)
		s->size = (uint64_t)args->next->val.v;
	else
		s->size_expr = args->next->val.e;
}

static void d_equ(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_sym *s;
	struct asm_arg *v;

	if (!want_args(ctx, loc, name, args, 2, 2, "NAME, VALUE"))
		return;
	s = arg_sym(ctx, args, name);
	v = args->next;
	if (!s)
		return;
	if (v->kind != ARG_EXPR) {
		asm_error(ctx, &v->loc, "the value of %s is a number or an expression", name);
		return;
	}
	if (s->kind == SYM_LABEL || s->kind == SYM_TYPE || s->kind == SYM_EXTERN ||
	    (s->kind == SYM_EQU && !strcmp(name, ".equ"))) {
		asm_error(ctx, &args->loc, "'%s' is already defined", s->name);
		return;
	}
	s->kind = SYM_EQU;
	s->builtin_checked = true;
	s->loc = args->loc;
	s->equ_known = !v->val.e;
	s->equ_val = v->val.v;
	s->equ = v->val.e;
}

static void d_extern(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	if (!args)
		asm_error(ctx, loc, ".extern needs a name: write `.extern bpf_obj_new_impl`");
	for (struct asm_arg *a = args; a; a = a->next) {
		struct asm_sym *s = arg_sym(ctx, a, name);
		if (!s)
			continue;
		if (s->kind != SYM_NONE && s->kind != SYM_EXTERN) {
			asm_error(ctx, &a->loc, "'%s' is defined in this file; .extern names a kernel function", s->name);
			continue;
		}
		s->kind = SYM_EXTERN;
		s->bind = STB_GLOBAL;
		s->bind_set = true;
		s->builtin_checked = true;
	}
}

/* --- data --------------------------------------------------------------------------- */

static struct asm_section *data_section(struct asm_ctx *ctx)
{
	if (ctx->cur < 0)
		asm_switch_section(ctx, ".text", NULL, NULL, NULL);
	return ctx->cur >= 0 ? &ctx->secs[ctx->cur] : NULL;
}

static uint64_t cur_offset(struct asm_ctx *ctx)
{
	struct asm_section *s = data_section(ctx);

	return !s ? 0 : s->type == SHT_NOBITS ? s->nobits_size : s->data.len;
}

static void d_data(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		   struct asm_arg *args, unsigned width)
{
	struct asm_section *sec = data_section(ctx);
	uint8_t zero[8] = {0};

	if (!sec)
		return; /* out of memory */
	if (!args)
		asm_error(ctx, loc, "%s needs at least one value", name);
	for (struct asm_arg *a = args; a; a = a->next) {
		uint64_t at = cur_offset(ctx);
		if (a->kind != ARG_EXPR) {
			asm_error(ctx, &a->loc, "%s takes numbers or symbols; for text use .ascii or .asciz", name);
			continue;
		}
		if (sec->type == SHT_NOBITS) {
			/* clang writes `.long 0` into .bss; only zero fits there */
			if (!a->val.e && a->val.v == 0) {
				sec->nobits_size += width;
				continue;
			}
			asm_error(ctx, &a->loc, "'%s' holds only zeros (@nobits); put this value in .data", sec->name);
			return;
		}
		asm_emit_data(ctx, zero, width);
		asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_DATA, .width = (uint8_t)width,
						       .section = ctx->cur, .offset = at, .val = a->val, .loc = a->loc});
	}
}

static void d_byte(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_data(c, l, n, a, 1); }
static void d_short(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_data(c, l, n, a, 2); }
static void d_long(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_data(c, l, n, a, 4); }
/* .word: 4 bytes in GNU as for BPF; other assemblers disagree on its size, so only there */
static void d_word(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a)
{
	if (!c->gnu) {
		asm_error(c, l, ".word is 4 bytes in GNU's syntax (`.syntax gnu`); here write .long (4 bytes) or .short (2)");
		return;
	}
	d_data(c, l, n, a, 4);
}
static void d_quad(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_data(c, l, n, a, 8); }

static void fill(struct asm_ctx *ctx, uint64_t n, uint8_t byte)
{
	struct asm_section *s = data_section(ctx);

	if (!s)
		return; /* out of memory */
	if (s->type == SHT_NOBITS) {
		s->nobits_size += n;
		return;
	}
	while (n) {
		uint8_t buf[256];
		size_t k = n < sizeof(buf) ? (size_t)n : sizeof(buf);
		memset(buf, byte, k);
		asm_emit_data(ctx, buf, k);
		n -= k;
	}
}

static void d_zero(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int64_t n, f = 0;

	if (!want_args(ctx, loc, name, args, 1, 2, "COUNT[, FILL]") || !arg_const(ctx, args, &n) ||
	    (args->next && !arg_const(ctx, args->next, &f)))
		return;
	if (n < 0 || n > (1 << 28)) {
		asm_error(ctx, &args->loc, "%s count %" PRId64 " is out of range (0..%d)", name, n, 1 << 28);
		return;
	}
	fill(ctx, (uint64_t)n, (uint8_t)f);
}

static void d_ascii(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		    struct asm_arg *args, int nul)
{
	if (!args)
		asm_error(ctx, loc, "%s needs a string", name);
	if (!data_section(ctx))
		return; /* out of memory */
	if (data_section(ctx)->type == SHT_NOBITS) {
		asm_error(ctx, loc, "'%s' holds no data (@nobits)", data_section(ctx)->name);
		return;
	}
	for (struct asm_arg *a = args; a; a = a->next) {
		if (a->kind != ARG_STRING) {
			asm_error(ctx, &a->loc, "%s takes strings in double quotes", name);
			continue;
		}
		asm_emit_data(ctx, a->str, a->str_len + (size_t)nul);
	}
}

static void d_asciz(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_ascii(c, l, n, a, 1); }
static void d_asciinul(struct asm_ctx *c, const struct asm_loc *l, const char *n, struct asm_arg *a) { d_ascii(c, l, n, a, 0); }

static void align_to(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t bytes)
{
	struct asm_section *s = data_section(ctx);
	uint64_t off = cur_offset(ctx);

	if (!s)
		return; /* out of memory */
	if (bytes <= 0 || (bytes & (bytes - 1)) || bytes > 4096) {
		asm_error(ctx, loc, "alignment %" PRId64 " is not a power of two up to 4096", bytes);
		return;
	}
	if ((uint64_t)bytes > s->align)
		s->align = (uint64_t)bytes;
	fill(ctx, (uint64_t)(-(int64_t)off & (bytes - 1)), 0);
}

static void d_p2align(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int64_t n;

	if (!args || !arg_const(ctx, args, &n))
		return;
	if (n < 0 || n > 12) {
		asm_error(ctx, &args->loc, ".p2align %" PRId64 " is out of range (0..12)", n);
		return;
	}
	align_to(ctx, loc, INT64_C(1) << n);
}

static void d_balign(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int64_t n;

	if (!args || !arg_const(ctx, args, &n))
		return;
	if (ctx->gnu && !strcasecmp(name, ".align")) { /* GNU as for BPF: a power of two */
		d_p2align(ctx, loc, name, args);
		return;
	}
	align_to(ctx, &args->loc, n);
}

/* --- ours --------------------------------------------------------------------------- */

static void d_license(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int saved = ctx->cur;
	struct asm_sym *s;

	if (!want_args(ctx, loc, name, args, 1, 1, "\"GPL\"") )
		return;
	if (args->kind != ARG_STRING) {
		asm_error(ctx, &args->loc, ".license takes a string: write `.license \"GPL\"`");
		return;
	}
	if (ctx->license) {
		asm_error(ctx, loc, "the license is already set to \"%s\"", ctx->license);
		return;
	}
	ctx->license = asm_strndup(ctx, args->str, args->str_len);
	asm_switch_section(ctx, "license", "aw", NULL, loc);
	if (!ctx->license || !(s = asm_intern(ctx, "_license", 8)))
		return; /* out of memory */
	asm_label(ctx, s, loc);
	s->bind = STB_GLOBAL;
	s->type = STT_OBJECT;
	s->bind_set = s->type_set = s->size_set = true;
	s->size = args->str_len + 1;
	asm_emit_data(ctx, args->str, args->str_len + 1);
	ctx->cur = saved;
}

static struct asm_type *new_type(struct asm_ctx *ctx, struct asm_sym *s, bool is_enum,
				 const struct asm_loc *loc)
{
	struct asm_type *t = asm_alloc(ctx, sizeof(*t));

	if (!t || ASM_GROW(ctx->types, ctx->ntypes, ctx->captypes) < 0) {
		ctx->oom = true;
		return NULL;
	}
	memset(t, 0, sizeof(*t));
	t->name = s->name;
	t->is_enum = is_enum;
	t->loc = *loc;
	ctx->types[ctx->ntypes++] = t;
	s->kind = SYM_TYPE;
	s->tdef = t;
	s->builtin_checked = true;
	s->loc = *loc;
	return t;
}

/* A type word: u8..s64, or a .struct/.enum name; size and alignment. */
static bool type_word(struct asm_ctx *ctx, const char *word, const struct asm_loc *loc,
		      uint32_t *size, uint32_t *align, bool *is_signed, struct asm_type **tp)
{
	struct asm_sym *s;

	*tp = NULL;
	*is_signed = false;
	if ((word[0] == 'u' || word[0] == 's') &&
	    (!strcmp(word + 1, "8") || !strcmp(word + 1, "16") || !strcmp(word + 1, "32") || !strcmp(word + 1, "64"))) {
		*size = *align = (uint32_t)atoi(word + 1) / 8;
		*is_signed = word[0] == 's';
		return true;
	}
	s = asm_lookup(ctx, word);
	if (s && s->kind == SYM_TYPE && s->tdef) {
		*tp = s->tdef;
		*size = s->tdef->size;
		*align = s->tdef->align;
		return true;
	}
	asm_error(ctx, loc, "unknown type '%s': use u8, u16, u32, u64, s8..s64, or a .struct or .enum defined above", word);
	return false;
}

static bool defined_name(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc)
{
	if (s->kind != SYM_NONE || asm_sym_is_builtin_const(ctx, s)) {
		asm_error(ctx, loc, "'%s' is already defined", s->name);
		return true;
	}
	return false;
}

static void define_const(struct asm_ctx *ctx, const char *a, const char *b, int64_t v,
			 const struct asm_loc *loc)
{
	char name[512];
	int n = b ? snprintf(name, sizeof(name), "%s.%s", a, b) : snprintf(name, sizeof(name), "%s", a);
	struct asm_sym *s = asm_intern(ctx, name, (size_t)n);

	if (!s || defined_name(ctx, s, loc))
		return;
	s->kind = SYM_EQU;
	s->equ_known = true;
	s->equ_val = v;
	s->builtin_checked = true;
	s->loc = *loc;
}

static void d_struct(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_sym *s;
	struct asm_type *t;
	uint32_t off = 0;

	if (!args || !args->next) {
		asm_error(ctx, loc, ".struct needs a name and fields: write `.struct flow, packets:u64, bytes:u64`");
		return;
	}
	s = arg_sym(ctx, args, name);
	if (!s || defined_name(ctx, s, &args->loc) || !(t = new_type(ctx, s, false, loc)))
		return;
	t->align = 1;
	t->fields = calloc((size_t)nargs(args->next), sizeof(*t->fields));
	if (!t->fields) {
		ctx->oom = true;
		return;
	}
	for (struct asm_arg *a = args->next; a; a = a->next) {
		struct asm_field *f = &t->fields[t->nfields];
		uint32_t size, align;
		int64_t count = 0;

		if (a->kind != ARG_TYPED || !a->str) {
			asm_error(ctx, &a->loc, "a field is NAME:TYPE, such as `bytes:u64` or `addr:u8[4]`");
			continue;
		}
		if (!type_word(ctx, a->str, &a->loc, &size, &align, &f->is_signed, &f->type))
			continue;
		if (a->has_val && (!arg_const(ctx, &(struct asm_arg){.kind = ARG_EXPR, .val = a->val, .has_val = true, .loc = a->loc}, &count) ||
				   count < 1 || count > 65536)) {
			asm_error(ctx, &a->loc, "an array field needs a length from 1 to 65536");
			continue;
		}
		bool dup = false;
		for (size_t i = 0; i < t->nfields && !dup; i++)
			dup = !strcmp(t->fields[i].name, a->name);
		if (dup) {
			asm_error(ctx, &a->loc, "field '%s' appears twice in '%s'", a->name, t->name);
			continue;
		}
		off = (off + align - 1) & ~(align - 1);
		f->name = a->name;
		f->type_name = a->str;
		f->offset = off;
		f->size = size * (uint32_t)(count ? count : 1);
		f->count = (uint32_t)count;
		off += f->size;
		if (align > t->align)
			t->align = align;
		define_const(ctx, t->name, f->name, f->offset, &a->loc);
		t->nfields++;
	}
	t->size = (off + t->align - 1) & ~(t->align - 1);
}

static void d_enum(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_sym *s;
	struct asm_type *t;
	int64_t size = 4, next = 0;

	if (!args || !args->next) {
		asm_error(ctx, loc, ".enum needs a name and values: write `.enum ip_proto, ICMP=1, TCP=6, UDP=17`");
		return;
	}
	if (args->kind == ARG_TYPED) {
		if (!(s = asm_intern(ctx, args->name, strlen(args->name))))
			return;
		if (!args->has_val || args->val.e ||
		    (args->val.v != 1 && args->val.v != 2 && args->val.v != 4 && args->val.v != 8)) {
			asm_error(ctx, &args->loc, "an enum's size is 1, 2, 4 or 8 bytes: write `.enum NAME:4, ...`");
			return;
		}
		size = args->val.v;
	} else {
		s = arg_sym(ctx, args, name);
	}
	if (!s || defined_name(ctx, s, &args->loc) || !(t = new_type(ctx, s, true, loc)))
		return;
	t->size = t->align = (uint32_t)size;
	t->vals = calloc((size_t)nargs(args->next), sizeof(*t->vals));
	if (!t->vals) {
		ctx->oom = true;
		return;
	}
	for (struct asm_arg *a = args->next; a; a = a->next) {
		int64_t v = next;
		const char *label;

		if (a->kind == ARG_KEYVAL && a->has_val) {
			if (!arg_const(ctx, &(struct asm_arg){.kind = ARG_EXPR, .val = a->val, .has_val = true, .loc = a->loc}, &v))
				continue;
			label = a->name;
		} else if (a->kind == ARG_EXPR && a->val.e && a->val.e->op == 's') {
			label = a->val.e->sym->name;
		} else {
			asm_error(ctx, &a->loc, "an enum value is LABEL or LABEL=VALUE");
			continue;
		}
		t->vals[t->nvals].name = label;
		t->vals[t->nvals].value = v;
		t->nvals++;
		next = v + 1;
		define_const(ctx, label, NULL, v, &a->loc);
		define_const(ctx, t->name, label, v, &a->loc);
	}
}

/* key=/value= of .map: a size in bytes, a scalar word, or a .struct/.enum name. */
static bool map_kv(struct asm_ctx *ctx, const struct asm_arg *a, const char **tname, uint32_t *size)
{
	int64_t v;
	uint32_t align;
	bool sign;
	struct asm_type *t;

	*tname = NULL;
	if (a->str)
		return type_word(ctx, a->str, &a->loc, size, &align, &sign, &t) && (*tname = a->str);
	if (a->val.e && a->val.e->op == 's') {
		struct asm_sym *s = a->val.e->sym;
		if (!type_word(ctx, s->name, &a->loc, size, &align, &sign, &t))
			return false;
		*tname = s->name;
		return true;
	}
	if (!arg_const(ctx, &(struct asm_arg){.kind = ARG_EXPR, .val = a->val, .has_val = true, .loc = a->loc}, &v))
		return false;
	if (v < 1 || v > (1 << 20)) {
		asm_error(ctx, &a->loc, "a %s size of %" PRId64 " bytes is out of range", a->name, v);
		return false;
	}
	*size = (uint32_t)v;
	return true;
}

/* `slotN=PROGRAM` of a program array: N, or -1 when the name is not slot<digits>. */
static int64_t slot_index(const char *name)
{
	int64_t n = 0;

	if (strncmp(name, "slot", 4) || !name[4])
		return -1;
	for (const char *p = name + 4; *p; p++) {
		if (*p < '0' || *p > '9' || n > UINT32_MAX)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n;
}

static void d_map(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_map m = {0};
	struct asm_sym *s;
	struct asm_arg *a, *slots[64];
	size_t nslots = 0;
	int saved = ctx->cur, nfields = 2;
	bool has_entries = false, ok = true;
	int64_t v;

	if (!args || !args->next) {
		asm_error(ctx, loc, ".map needs a name and a type: write `.map counts, array, key=u32, value=u64, entries=256`");
		return;
	}
	s = arg_sym(ctx, args, name);
	if (!s)
		return;
	a = args->next;
	if (a->kind != ARG_EXPR || !a->val.e || a->val.e->op != 's' ||
	    (m.type = names_map_type(a->val.e->sym->name)) < 0) {
		struct names_near n;
		const char *word = a->kind == ARG_EXPR && a->val.e && a->val.e->op == 's' ? a->val.e->sym->name : "";
		names_near_init(&n);
		for (int t = 1; t < 64; t++)
			if (names_map_type_name(t))
				names_near_try(&n, word, names_map_type_name(t));
		if (names_near_result(&n, word))
			asm_error(ctx, &a->loc, "unknown map type '%s'; did you mean %s?", word, names_near_result(&n, word));
		else
			asm_error(ctx, &a->loc, "unknown map type '%s': write a BPF_MAP_TYPE_ name in lower case without the prefix, such as array or hash", word);
		return;
	}
	for (a = a->next; a; a = a->next) {
		if (a->kind != ARG_KEYVAL) {
			asm_error(ctx, &a->loc, "a map attribute is NAME=VALUE: key, value, entries, flags, ..., or slotN=PROGRAM in a prog_array");
			ok = false;
			continue;
		}
		if (slot_index(a->name) >= 0) {
			if (!a->has_val || !a->val.e) {
				asm_error(ctx, &a->loc, "%s= names the program for that slot: write %s=my_program", a->name, a->name);
				ok = false;
			} else if (nslots == sizeof(slots) / sizeof(slots[0])) {
				asm_error(ctx, &a->loc, "a .map line fills at most 64 slots");
				ok = false;
			} else {
				/* the program named is entered by tail calls: a program of its own, so a
				 * global function (libbpf starts a program at each) */
				struct asm_sym *p = a->val.e->op == 's' ? a->val.e->sym : NULL;
				if (p && !p->type_set)
					p->type = STT_FUNC, p->type_set = true;
				if (p && !p->bind_set)
					p->bind = STB_GLOBAL, p->bind_set = true;
				slots[nslots++] = a;
			}
		} else if (!strcmp(a->name, "key")) {
			ok &= map_kv(ctx, a, &m.key_type, &m.key_size);
			nfields++;
		} else if (!strcmp(a->name, "value")) {
			ok &= map_kv(ctx, a, &m.value_type, &m.value_size);
			nfields++;
		} else if (!strcmp(a->name, "entries") || !strcmp(a->name, "max_entries")) {
			if ((ok &= arg_const(ctx, &(struct asm_arg){.kind = ARG_EXPR, .val = a->val, .has_val = a->has_val, .loc = a->loc}, &v))) {
				if (v < 1 || v > UINT32_MAX) {
					asm_error(ctx, &a->loc, "entries=%" PRId64 " is out of range (1..4294967295)", v);
					ok = false;
				}
				m.entries = (uint32_t)v;
				has_entries = true;
			}
		} else if (!strcmp(a->name, "pinning") && a->has_val && a->val.e && a->val.e->op == 's') {
			/* pinning=by_name (LIBBPF_PIN_BY_NAME) or pinning=none */
			const char *w = a->val.e->sym->name;
			if (strcmp(w, "by_name") && strcmp(w, "none")) {
				asm_error(ctx, &a->loc, "pinning is by_name or none");
				ok = false;
				continue;
			}
			m.pinning = !strcmp(w, "by_name");
			m.has_pinning = true;
			nfields++;
		} else if (!strcmp(a->name, "flags") || !strcmp(a->name, "map_flags") || !strcmp(a->name, "numa_node") ||
			   !strcmp(a->name, "pinning") || !strcmp(a->name, "map_extra")) {
			if ((ok &= arg_const(ctx, &(struct asm_arg){.kind = ARG_EXPR, .val = a->val, .has_val = a->has_val, .loc = a->loc}, &v))) {
				if (a->name[0] == 'f' || !strcmp(a->name, "map_flags"))
					m.flags = (uint32_t)v, m.has_flags = true;
				else if (a->name[0] == 'n')
					m.numa_node = (uint32_t)v, m.has_numa = true;
				else if (a->name[0] == 'p')
					m.pinning = (uint32_t)v, m.has_pinning = true;
				else
					m.map_extra = (uint64_t)v, m.has_extra = true;
				nfields++;
			}
		} else {
			static const char *const known[] = {"key", "value", "entries", "max_entries", "flags", "map_flags",
							    "numa_node", "pinning", "map_extra"};
			struct names_near n;
			names_near_init(&n);
			for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++)
				names_near_try(&n, a->name, known[k]);
			if (names_near_result(&n, a->name))
				asm_error(ctx, &a->loc, "unknown map attribute '%s'; did you mean '%s'?", a->name, names_near_result(&n, a->name));
			else
				asm_error(ctx, &a->loc, "unknown map attribute '%s': use key, value, entries, flags, numa_node, pinning, map_extra or, in a prog_array, slotN=PROGRAM", a->name);
			ok = false;
		}
	}
	if (ok && !has_entries && m.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		asm_error(ctx, loc, "map '%s' needs entries=N (its max_entries)", s->name);
		ok = false;
	}
	for (size_t i = 0; ok && i < nslots; i++) {
		int64_t k = slot_index(slots[i]->name);
		if (m.type != BPF_MAP_TYPE_PROG_ARRAY) {
			asm_error(ctx, &slots[i]->loc, "%s= puts a program in a program array: the map type must be prog_array", slots[i]->name);
			ok = false;
		} else if (k >= m.entries) {
			asm_error(ctx, &slots[i]->loc, "%s is past the map's %u entries (slots 0 to %u)", slots[i]->name, m.entries, m.entries - 1);
			ok = false;
		} else {
			for (size_t j = 0; j < i; j++)
				if (slot_index(slots[j]->name) == k) {
					asm_error(ctx, &slots[i]->loc, "%s is filled twice on this line", slots[i]->name);
					ok = false;
				}
			if ((uint32_t)k + 1 > m.nvalues)
				m.nvalues = (uint32_t)k + 1;
		}
	}
	if (!ok)
		return;
	m.sym = s;
	m.loc = *loc;
	/* the BTF-defined map record: one pointer-sized field per attribute, all zero */
	asm_switch_section(ctx, ".maps", "aw", NULL, loc);
	align_to(ctx, loc, 8);
	asm_label(ctx, s, &args->loc);
	s->bind = STB_GLOBAL;
	s->type = STT_OBJECT;
	s->bind_set = s->type_set = s->size_set = true;
	s->size = 8u * (unsigned)nfields + 8u * m.nvalues;
	{
		uint64_t at = cur_offset(ctx), values = at + 8u * (unsigned)nfields;
		fill(ctx, s->size, 0);
		/* each slot holds the program's address, relocated (R_BPF_64_ABS64) like `.quad` */
		for (size_t i = 0; i < nslots; i++)
			asm_add_fixup(ctx, &(struct asm_fixup){.kind = FX_DATA, .width = 8, .section = ctx->cur,
							       .offset = values + 8u * (uint64_t)slot_index(slots[i]->name),
							       .val = slots[i]->val, .loc = slots[i]->loc});
	}
	ctx->cur = saved;
	if (ASM_GROW(ctx->maps, ctx->nmaps, ctx->capmaps) < 0) {
		ctx->oom = true;
		return;
	}
	ctx->maps[ctx->nmaps++] = m;
}

static void d_include(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	if (!want_args(ctx, loc, name, args, 1, 1, "\"file.s\""))
		return;
	if (args->kind != ARG_STRING) {
		asm_error(ctx, &args->loc, ".include takes a file name in double quotes");
		return;
	}
	asm_include_file(ctx, args->str, &args->loc);
}

static void d_file(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	const char *p = args && args->kind == ARG_STRING ? args->str : "";
	const char *q;

	/* `.file "x.c"` names the source; `.file 1 "dir" "x.c" md5 ...` is DWARF */
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '"' || ctx->file_sym)
		return;
	q = strchr(p + 1, '"');
	if (q)
		ctx->file_sym = asm_strndup(ctx, p + 1, (size_t)(q - p - 1));
}

/* .syntax gnu|pseudoc: which syntax the lines after it are in (GNU's mnemonics, or
 * LLVM's pseudo-C; under gnu, pseudo-C statements are still read). */
static void d_syntax(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	const char *p = args && args->kind == ARG_STRING ? args->str : "";
	size_t n;

	while (*p == ' ' || *p == '\t')
		p++;
	n = strcspn(p, " \t\r#;");
	if (n == 3 && !strncasecmp(p, "gnu", 3))
		asm_set_syntax(ctx, true);
	else if ((n == 7 && !strncasecmp(p, "pseudoc", 7)) || (n == 8 && !strncasecmp(p, "pseudo-c", 8)))
		asm_set_syntax(ctx, false);
	else
		asm_error(ctx, loc, ".syntax takes gnu or pseudoc, not '%.*s'", (int)n, p);
}

static void d_ignore(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
}

/* .tracepoint CAT/EVENT: the program section, and the event's record as a .struct named
 * after the event, read from its format file (--tracefs DIR, then the usual mounts). */
static void d_tracepoint(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	const char *dirs[] = TP_DEFAULT_DIRS(ctx->opt.tracefs);
	struct tp_format f;
	char tried[2048], sec[600];
	const char *ce;
	struct asm_sym *s;
	struct asm_type *t;
	int err;

	if (!want_args(ctx, loc, name, args, 1, 1, "CATEGORY/EVENT") || args->kind != ARG_STRING)
		return;
	ce = args->str;
	if (!strchr(ce, '/') || strchr(ce, '/') != strrchr(ce, '/') || ce[0] == '/' || ce[strlen(ce) - 1] == '/') {
		asm_error(ctx, &args->loc, "a tracepoint is named CATEGORY/EVENT, such as power/cpu_frequency");
		return;
	}
	err = tp_format_read(dirs, sizeof(dirs) / sizeof(dirs[0]), ce, &f, tried, sizeof(tried));
	if (err) {
		if (err == -EACCES)
			asm_error(ctx, &args->loc, "cannot read the format of tracepoint %s: %s; tracefs is readable by root "
				  "only: assemble as root, or with --tracefs DIR and a saved copy of the tracing folder "
				  "(bpfas's sources have one: --tracefs tests/tracefs)", ce, tried);
		else if (err == -ENOENT)
			asm_error(ctx, &args->loc, "no tracepoint %s: none of %s exists; mount tracefs, or assemble with "
				  "--tracefs DIR and a saved copy", ce, tried);
		else
			asm_error(ctx, &args->loc, "cannot read the format of tracepoint %s: %s", ce, tried);
		/* its fields' names are not reported again as unknown */
		if (ctx->nfailed_events < (int)(sizeof(ctx->failed_events) / sizeof(ctx->failed_events[0])))
			ctx->failed_events[ctx->nfailed_events++] = asm_strndup(ctx, strchr(ce, '/') + 1, strlen(strchr(ce, '/') + 1));
		return;
	}
	snprintf(sec, sizeof(sec), "tracepoint/%s", ce);
	asm_switch_section(ctx, sec, NULL, NULL, loc);
	s = asm_intern(ctx, f.event, strlen(f.event));
	if (!s || s->kind == SYM_TYPE) { /* out of memory, or a second program on the same event */
		tp_format_free(&f);
		return;
	}
	if (defined_name(ctx, s, &args->loc) || !(t = new_type(ctx, s, false, loc))) {
		tp_format_free(&f);
		return;
	}
	t->fields = calloc(f.nfields + 1, sizeof(*t->fields));
	if (!t->fields) {
		ctx->oom = true;
		tp_format_free(&f);
		return;
	}
	t->align = 1;
	for (size_t i = 0; i < f.nfields; i++) {
		struct asm_field *fl = &t->fields[t->nfields];
		const struct tp_field *tf = &f.fields[i];
		bool scalar = tf->size == 1 || tf->size == 2 || tf->size == 4 || tf->size == 8;
		static const char *const words[2][9] = {{NULL, "u8", "u16", NULL, "u32", NULL, NULL, NULL, "u64"},
							{NULL, "s8", "s16", NULL, "s32", NULL, NULL, NULL, "s64"}};
		fl->name = asm_strndup(ctx, tf->name, strlen(tf->name));
		fl->type_name = scalar ? words[tf->is_signed][tf->size] : "u8";
		fl->offset = tf->offset;
		fl->size = tf->size;
		fl->count = scalar ? 0 : tf->size;
		fl->is_signed = tf->is_signed;
		if (scalar && tf->size > t->align && tf->offset % tf->size == 0)
			t->align = tf->size;
		define_const(ctx, t->name, fl->name, fl->offset, &args->loc);
		t->nfields++;
	}
	t->size = f.size;
	tp_format_free(&f);
}

/* --- conditional assembly ------------------------------------------------------------ */

static void cond_push(struct asm_ctx *ctx, const struct asm_loc *loc, bool taken)
{
	if (ctx->nconds == ASM_MAX_COND) {
		asm_error(ctx, loc, "conditionals nested more than %d deep", ASM_MAX_COND);
		return;
	}
	ctx->conds[ctx->nconds++] = (struct asm_cond){*loc, taken, false};
	if (!taken)
		asm_scan_skip(ctx);
}

/* .if EXPR: a constant known here; nonzero assembles what follows, up to .else or .endif.
 * As in GNU as, .ifeq/.ifne/.ifgt/.ifge/.iflt/.ifle compare it with 0. */
static void d_if(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int64_t v = 0;
	bool taken;

	if (!want_args(ctx, loc, name, args, 1, 1, "EXPRESSION") || !arg_const(ctx, args, &v))
		v = 0; /* said; the branch is skipped, and the .else or .endif still matches */
	if (!strcasecmp(name, ".ifeq"))
		taken = v == 0;
	else if (!strcasecmp(name, ".ifgt"))
		taken = v > 0;
	else if (!strcasecmp(name, ".ifge"))
		taken = v >= 0;
	else if (!strcasecmp(name, ".iflt"))
		taken = v < 0;
	else if (!strcasecmp(name, ".ifle"))
		taken = v <= 0;
	else
		taken = v != 0; /* .if, .ifne */
	cond_push(ctx, loc, taken);
}

/* Is NAME defined here: a label, constant, map, type, extern, or a built-in name? */
static bool defined_here(struct asm_ctx *ctx, const struct asm_arg *a)
{
	struct asm_sym *s = a->kind == ARG_EXPR && a->lone ? a->lone : NULL;

	if (!s) {
		asm_error(ctx, &a->loc, "a name is expected here");
		return false;
	}
	return s->kind != SYM_NONE || names_const_find(s->name) || names_helper_id(s->name) > 0;
}

static void d_ifdef(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	bool def = want_args(ctx, loc, name, args, 1, 1, "NAME") && defined_here(ctx, args);
	bool ifndef = !strcasecmp(name, ".ifndef");

	cond_push(ctx, loc, args && args->lone ? def != ifndef : false);
}

static void d_else(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	(void)name;
	(void)args;
	if (!ctx->nconds) {
		asm_error(ctx, loc, ".else without an .if before it");
		return;
	}
	if (asm_cond_else(ctx, loc) == false)
		asm_scan_skip(ctx); /* the branch before was assembled: skip this one */
}

static void d_endif(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	(void)name;
	(void)args;
	if (!ctx->nconds) {
		asm_error(ctx, loc, ".endif without an .if before it");
		return;
	}
	asm_cond_end(ctx);
}

/* --- .rept and .macro ------------------------------------------------------------------ */

/* .rept N ... .endr: the lines between, N times */
static void d_rept(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	int64_t n = 0;

	if (!want_args(ctx, loc, name, args, 1, 1, "COUNT") || !arg_const(ctx, args, &n))
		n = 0;
	else if (n < 0 || n > 1000000) {
		asm_error(ctx, &args->loc, ".rept takes a count from 0 to 1000000");
		n = 0;
	}
	memset(&ctx->capture, 0, sizeof(ctx->capture));
	ctx->capture.count = n;
	ctx->capture.loc = *loc;
	asm_scan_capture(ctx);
}

/* .macro NAME [PARAM[, PARAM...]] ... .endm (blanks or commas between, as GNU as takes
 * them); in the body \PARAM is the argument given */
static void d_macro(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct asm_capture *c = &ctx->capture;
	const char *p = args && args->kind == ARG_STRING ? args->str : "", *w;
	int nwords = 0;

	memset(c, 0, sizeof(*c));
	c->macro = true;
	c->loc = *loc;
	for (;;) {
		char word[128];
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!*p || *p == '#' || *p == ';')
			break;
		for (w = p; asm_name_char(*p); p++)
			;
		if (p == w || (size_t)(p - w) >= sizeof(word)) {
			asm_error(ctx, loc, "%s: '%c' cannot stand in a macro's name or parameters", name, *p ? *p : ' ');
			break;
		}
		snprintf(word, sizeof(word), "%.*s", (int)(p - w), w);
		if (nwords++ == 0) {
			struct asm_sym *s = asm_lookup(ctx, word);
			if (isdigit((unsigned char)word[0]) || word[0] == '.')
				asm_error(ctx, loc, "'%s' cannot name a macro", word);
			else if (asm_macro_find(ctx, word, strlen(word)) || (s && s->kind != SYM_NONE))
				asm_error(ctx, loc, "'%s' is already defined", word);
			else if (!(c->name = strdup(word)))
				ctx->oom = true;
			continue;
		}
		if (c->nparams == ASM_MAX_PARAMS) {
			asm_error(ctx, loc, "a macro takes %d parameters at most", ASM_MAX_PARAMS);
			break;
		}
		if (!(c->params[c->nparams++] = strdup(word)))
			ctx->oom = true;
	}
	if (!nwords)
		asm_error(ctx, loc, "%s needs a name: write `.macro NAME PARAM, PARAM`", name);
	asm_scan_capture(ctx); /* a refused definition is still read to its .endm */
}

static void d_endr(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	(void)args;
	asm_error(ctx, loc, "%s without a %s before it", name, !strcasecmp(name, ".endr") ? ".rept" : ".macro");
}

static const struct directive directives[] = {
	{".text", d_section_named, 0}, {".data", d_section_named, 0}, {".bss", d_section_named, 0},
	{".rodata", d_section_named, 0}, {".section", d_section, 0}, {".pushsection", d_section, 0},
	{".globl", d_globl, 0}, {".global", d_globl, 0}, {".local", d_local, 0}, {".weak", d_weak, 0},
	{".type", d_type, 0}, {".size", d_size, 0}, {".equ", d_equ, 0}, {".set", d_equ, 0},
	{".extern", d_extern, 0},
	{".hidden", d_visibility, 0}, {".protected", d_visibility, 0}, {".internal", d_visibility, 0},
	{".comm", d_comm, 0}, {".lcomm", d_comm, 0},
	{".byte", d_byte, 0}, {".short", d_short, 0}, {".2byte", d_short, 0}, {".hword", d_short, 0},
	{".long", d_long, 0}, {".word", d_word, 0}, {".4byte", d_long, 0}, {".int", d_long, 0},
	{".quad", d_quad, 0}, {".8byte", d_quad, 0},
	{".zero", d_zero, 0}, {".space", d_zero, 0}, {".skip", d_zero, 0},
	{".ascii", d_asciinul, 0}, {".asciz", d_asciz, 0}, {".string", d_asciz, 0},
	{".p2align", d_p2align, 0}, {".balign", d_balign, 0}, {".align", d_balign, 0},
	{".include", d_include, 0}, {".file", d_file, 0},
	{".license", d_license, 0}, {".map", d_map, 0}, {".struct", d_struct, 0}, {".enum", d_enum, 0},
	{".tracepoint", d_tracepoint, 0}, {".syntax", d_syntax, 0},
	{".if", d_if, 0}, {".ifne", d_if, 0}, {".ifeq", d_if, 0}, {".ifgt", d_if, 0}, {".ifge", d_if, 0},
	{".iflt", d_if, 0}, {".ifle", d_if, 0}, {".ifdef", d_ifdef, 0},
	{".rept", d_rept, 0}, {".endr", d_endr, 0}, {".macro", d_macro, 0}, {".endm", d_endr, 0}, {".ifndef", d_ifdef, 0}, {".else", d_else, 0}, {".endif", d_endif, 0},
	/* accepted and ignored: tool identification, address-significance tables, DWARF */
	{".ident", d_ignore, 0}, {".addrsig", d_ignore, 0}, {".addrsig_sym", d_ignore, 0},
	{".loc", d_ignore, 0}, {".popsection", d_ignore, 0}, {".uleb128", d_ignore, 0},
	{".sleb128", d_ignore, 0}, {".file_info", d_ignore, 0},
};

void asm_directive(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name, struct asm_arg *args)
{
	struct names_near n;

	if (!strncasecmp(name, ".cfi_", 5))
		return;
	for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++) {
		if (!strcasecmp(directives[i].name, name)) {
			directives[i].fn(ctx, loc, directives[i].name, args);
			return;
		}
	}
	names_near_init(&n);
	for (size_t i = 0; i < sizeof(directives) / sizeof(directives[0]); i++)
		names_near_try(&n, name, directives[i].name);
	if (names_near_result(&n, name))
		asm_error(ctx, loc, "unknown directive '%s'; did you mean '%s'?", name, names_near_result(&n, name));
	else
		asm_error(ctx, loc, "unknown directive '%s'", name);
}

