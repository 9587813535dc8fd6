/* expr.c: integer expressions. Constants fold while parsing, so an instruction with a
 * plain number allocates nothing; only symbolic values keep a tree for later. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "names.h"

static struct asm_expr *node(struct asm_ctx *ctx, int op, const struct asm_loc *loc)
{
	struct asm_expr *e = asm_alloc(ctx, sizeof(*e));

	if (e) {
		memset(e, 0, sizeof(*e));
		e->op = (uint8_t)op;
		e->loc = *loc;
	}
	return e;
}

static struct asm_expr *as_node(struct asm_ctx *ctx, const struct asm_val *v)
{
	struct asm_expr *e;

	if (v->e)
		return v->e;
	e = node(ctx, 'n', &v->loc);
	if (e)
		e->num = v->v;
	return e;
}

/* A symbol already known to be constant folds at once. */
static bool sym_const(struct asm_ctx *ctx, struct asm_sym *s, int64_t *v)
{
	if (s->kind == SYM_NONE && asm_sym_is_builtin_const(ctx, s)) {
		*v = s->equ_val;
		return true;
	}
	if (s->kind == SYM_EQU && s->equ_known) {
		*v = s->equ_val;
		return true;
	}
	return false;
}

struct asm_val asm_val_sym(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc)
{
	struct asm_val r = {NULL, 0, *loc};

	s->referenced = true;
	if (sym_const(ctx, s, &r.v))
		return r;
	r.e = node(ctx, 's', loc);
	if (r.e)
		r.e->sym = s;
	return r;
}

struct asm_val asm_val_sizeof(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc)
{
	struct asm_val r = {NULL, 0, *loc};

	if (s->kind == SYM_TYPE && s->tdef) {
		r.v = s->tdef->size;
		return r;
	}
	r.e = node(ctx, 'S', loc);
	if (r.e)
		r.e->sym = s;
	return r;
}

static bool fold(int op, int64_t a, int64_t b, int64_t *out)
{
	uint64_t ua = (uint64_t)a, ub = (uint64_t)b;

	switch (op) {
	case '+': *out = (int64_t)(ua + ub); return true;
	case '-': *out = (int64_t)(ua - ub); return true;
	case '*': *out = (int64_t)(ua * ub); return true;
	case '/':
		if (!b || (a == INT64_MIN && b == -1))
			return false;
		*out = a / b;
		return true;
	case '%':
		if (!b || (a == INT64_MIN && b == -1))
			return false;
		*out = a % b;
		return true;
	case '<': *out = ub >= 64 ? 0 : (int64_t)(ua << ub); return true;
	case '>': *out = ub >= 64 ? 0 : (int64_t)(ua >> ub); return true;
	case '&': *out = a & b; return true;
	case '|': *out = a | b; return true;
	case '^': *out = a ^ b; return true;
	}
	return false;
}

struct asm_val asm_val_unary(struct asm_ctx *ctx, int op, struct asm_val a, const struct asm_loc *loc)
{
	struct asm_val r = {NULL, 0, *loc};

	if (!a.e) {
		r.v = op == 'u' ? (int64_t)(0 - (uint64_t)a.v) : ~a.v;
		return r;
	}
	r.e = node(ctx, op, loc);
	if (r.e)
		r.e->l = a.e;
	return r;
}

struct asm_val asm_val_binary(struct asm_ctx *ctx, int op, struct asm_val a, struct asm_val b,
			      const struct asm_loc *loc)
{
	struct asm_val r = {NULL, 0, *loc};

	if (!a.e && !b.e && fold(op, a.v, b.v, &r.v))
		return r;
	/* a division by zero stays a tree so that evaluation reports it where it is */
	r.e = node(ctx, op, loc);
	if (r.e) {
		r.e->l = as_node(ctx, &a);
		r.e->r = as_node(ctx, &b);
	}
	return r;
}

static int eval(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *out);

static int eval_sym(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *out)
{
	struct asm_sym *s = e->sym;
	int err;

	out->sym = NULL;
	out->v = 0;
	if (sym_const(ctx, s, &out->v))
		return 0;
	switch (s->kind) {
	case SYM_EQU:
		if (s->resolving) {
			asm_error(ctx, &e->loc, "'%s' is defined in terms of itself", s->name);
			return -EINVAL;
		}
		s->resolving = true;
		err = eval(ctx, s->equ, out);
		s->resolving = false;
		if (!err && !out->sym) {
			s->equ_known = true;
			s->equ_val = out->v;
		}
		return err;
	case SYM_TYPE:
		asm_error(ctx, &e->loc, "'%s' is a type; write sizeof(%s) for its size", s->name,
			  s->name);
		return -EINVAL;
	default:
		/* a label, an extern, or a name nothing defines (yet): symbolic */
		out->sym = s;
		return 0;
	}
}

/* Labels in the same section subtract to a constant; otherwise sym + constant. */
static int combine(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *a,
		   const struct asm_eval *b, struct asm_eval *out)
{
	if (!a->sym && !b->sym) {
		if (!fold(e->op, a->v, b->v, &out->v)) {
			asm_error(ctx, &e->loc, "division by zero in expression");
			return -EINVAL;
		}
		out->sym = NULL;
		return 0;
	}
	if (e->op == '-' && a->sym && b->sym && a->sym->kind == SYM_LABEL &&
	    b->sym->kind == SYM_LABEL && a->sym->section == b->sym->section) {
		out->sym = NULL;
		out->v = (int64_t)(a->sym->value - b->sym->value) + a->v - b->v;
		return 0;
	}
	if (e->op == '+' && (!a->sym || !b->sym)) {
		out->sym = a->sym ? a->sym : b->sym;
		out->v = a->v + b->v;
		return 0;
	}
	if (e->op == '-' && !b->sym) {
		out->sym = a->sym;
		out->v = a->v - b->v;
		return 0;
	}
	asm_error(ctx, &e->loc, "expression is not a constant or a symbol plus a constant");
	return -EINVAL;
}

static int eval(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *out);

static int eval_node(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *out)
{
	struct asm_eval a, b;
	int err;

	switch (e->op) {
	case 'n':
		out->sym = NULL;
		out->v = e->num;
		return 0;
	case 's':
		return eval_sym(ctx, e, out);
	case 'S':
		if (e->sym->kind == SYM_TYPE && e->sym->tdef) {
			out->sym = NULL;
			out->v = e->sym->tdef->size;
			return 0;
		}
		asm_error(ctx, &e->loc, "sizeof(%s): no .struct or .enum of that name", e->sym->name);
		return -EINVAL;
	case 'u':
	case '~':
		err = eval(ctx, e->l, &a);
		if (err)
			return err;
		if (a.sym) {
			asm_error(ctx, &e->loc, "cannot %s the address of '%s'",
				  e->op == 'u' ? "negate" : "invert", a.sym->name);
			return -EINVAL;
		}
		out->sym = NULL;
		out->v = e->op == 'u' ? (int64_t)(0 - (uint64_t)a.v) : ~a.v;
		return 0;
	}
	err = eval(ctx, e->l, &a);
	if (!err)
		err = eval(ctx, e->r, &b);
	if (err)
		return err;
	return combine(ctx, e, &a, &b, out);
}

/* Evaluation recurses through parentheses and through the .equ names a value uses, which
 * untrusted input can chain without end: the depth is bounded, with an error. */
static int eval(struct asm_ctx *ctx, const struct asm_expr *e, struct asm_eval *out)
{
	int err;

	if (ctx->eval_depth >= ASM_MAX_EVAL_DEPTH) {
		asm_error(ctx, &e->loc, "this value nests too deeply: more than %d levels of parentheses and of .equ names "
			  "defined through other names", ASM_MAX_EVAL_DEPTH);
		return -EINVAL;
	}
	ctx->eval_depth++;
	err = eval_node(ctx, e, out);
	ctx->eval_depth--;
	return err;
}

const struct asm_loc *asm_sym_loc_in(const struct asm_val *v, const struct asm_sym *sym)
{
	const struct asm_expr **stack = NULL, *e;
	const struct asm_loc *at = &v->loc;
	size_t n = 0, cap = 0;

	if (v->e && !ASM_GROW(stack, n, cap))
		stack[n++] = v->e;
	while (n) { /* a stack of our own: the tree may be 10,000 deep */
		e = stack[--n];
		if (e->op == 's' && e->sym == sym) {
			at = &e->loc;
			break;
		}
		if (e->op == 'n' || e->op == 's' || e->op == 'S')
			continue;
		for (int k = 0; k < 2; k++) { /* the left one on top: the first place it is written */
			const struct asm_expr *kid = k ? e->l : e->r;
			if (!kid)
				continue;
			if (ASM_GROW(stack, n, cap) < 0)
				goto out; /* out of memory: the value's own place will do */
			stack[n++] = kid;
		}
	}
out:
	free(stack);
	return at;
}

int asm_eval(struct asm_ctx *ctx, const struct asm_val *v, bool need_const, struct asm_eval *out)
{
	int err;

	if (!v->e) {
		out->sym = NULL;
		out->v = v->v;
		return 0;
	}
	err = eval(ctx, v->e, out);
	if (err)
		return err;
	if (need_const && out->sym) {
		struct asm_sym *s = out->sym;
		if (s->kind == SYM_NONE)
			asm_error_unknown_name(ctx, asm_sym_loc_in(v, s), s->name);
		else
			asm_error(ctx, &v->loc, "'%s' is an address, not a constant here", s->name);
		return -EINVAL;
	}
	return 0;
}

static bool ready(struct asm_ctx *ctx, const struct asm_expr *e);

/* Whether a value can be evaluated now: no label or undefined name in it. */
static bool ready_node(struct asm_ctx *ctx, const struct asm_expr *e)
{
	int64_t v;

	switch (e->op) {
	case 'n':
		return true;
	case 's':
		if (sym_const(ctx, e->sym, &v))
			return true;
		if (e->sym->kind == SYM_EQU && !e->sym->resolving) {
			bool r;
			e->sym->resolving = true;
			r = ready(ctx, e->sym->equ);
			e->sym->resolving = false;
			return r;
		}
		return false;
	case 'S':
		return e->sym->kind == SYM_TYPE;
	case 'u':
	case '~':
		return ready(ctx, e->l);
	}
	return ready(ctx, e->l) && ready(ctx, e->r);
}

/* bounded as eval is: too deep is not ready, and eval then says why */
static bool ready(struct asm_ctx *ctx, const struct asm_expr *e)
{
	bool r;

	if (ctx->eval_depth >= ASM_MAX_EVAL_DEPTH)
		return false;
	ctx->eval_depth++;
	r = ready_node(ctx, e);
	ctx->eval_depth--;
	return r;
}

bool asm_val_ready(struct asm_ctx *ctx, const struct asm_val *v)
{
	return !v->e || ready(ctx, v->e);
}

const char *asm_nearest_name(struct asm_ctx *ctx, const char *word)
{
	struct names_near n;
	const struct names_const *c;

	if (ctx->nerrors >= ASM_MAX_ERRORS) /* the error it is for will not be said */
		return NULL;
	names_near_init(&n);
	for (size_t i = 0; i < ctx->nsyms; i++) {
		const struct asm_sym *s = ctx->syms[i];
		if ((s->kind == SYM_LABEL || s->kind == SYM_EQU) && !s->is_num)
			names_near_try(&n, word, s->name);
	}
	for (size_t i = 0; (c = names_const_at(i)); i++)
		names_near_try(&n, word, c->name);
	return names_near_result(&n, word);
}

void asm_error_unknown_name(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name)
{
	const char *near;

	if (asm_of_failed_event(ctx, name)) /* its .tracepoint's error said why */
		return;
	near = asm_nearest_name(ctx, name);

	if (near)
		asm_error(ctx, loc, "unknown name '%s'; did you mean '%s'?", name, near);
	else
		asm_error(ctx, loc, "unknown name '%s'", name);
}
