/* expr.h: integer expressions: folded constants, or trees over symbols resolved at the end (expr.c) */
#ifndef BPFAS_EXPR_H
#define BPFAS_EXPR_H
#include "ctx.h"

static inline struct asm_val asm_val_num(int64_t v, const struct asm_loc *loc)
{
	struct asm_val r = {NULL, v, *loc};
	return r;
}
struct asm_val asm_val_sym(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc);
struct asm_val asm_val_sizeof(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc);
struct asm_val asm_val_unary(struct asm_ctx *ctx, int op, struct asm_val a, const struct asm_loc *loc);
struct asm_val asm_val_binary(struct asm_ctx *ctx, int op, struct asm_val a, struct asm_val b,
			      const struct asm_loc *loc);
/* Evaluate; reports an error and returns -EINVAL when it cannot. `need_const` forbids
 * a symbolic result; `final` means every label is known (end of input). */
int asm_eval(struct asm_ctx *ctx, const struct asm_val *v, bool need_const, struct asm_eval *out);
/* Where sym is written in the value (its first place), or the value's own location. */
const struct asm_loc *asm_sym_loc_in(const struct asm_val *v, const struct asm_sym *sym);
/* For an unknown name in a value: the label, constant or built-in name nearest to it when
 * near enough to be a typo (`__sk_buff.lenn` gives `__sk_buff.len`), else NULL. */
const char *asm_nearest_name(struct asm_ctx *ctx, const char *word);
/* "unknown name 'X'", with the nearest name when there is one. */
void asm_error_unknown_name(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name);
bool asm_val_ready(struct asm_ctx *ctx, const struct asm_val *v);

#endif
