/* stmt.h: the statement layer: the grammar's values, the instructions of both syntaxes
 * (insn.c, gnu.c) and the directives (directives.c) */
#ifndef BPFAS_STMT_H
#define BPFAS_STMT_H
#include "ctx.h"
#include "expr.h"

/* Parser values are copied on every shift and reduction: keep them small. */
struct asm_operand {
	bool is_reg;
	uint8_t reg; /* register number | ASM_W for a w register */
	struct asm_val val; /* for a register, only val.loc */
};

/* The parser's own forms of the same, without locations: its values are copied on every
 * shift and reduction, and bison keeps a location beside each symbol anyway. */
struct asm_pval {
	struct asm_expr *e;
	int64_t v;
	struct asm_sym *lone; /* the symbol, when the value was a lone name (folded or not) */
};

struct asm_psrc {
	bool is_reg;
	uint8_t reg;
	struct asm_pval val;
};

struct asm_pmem {
	uint8_t reg;
	uint16_t off_first, off_last; /* the offset's columns, on the statement's line */
	struct asm_pval off;
};

struct asm_ptgt {
	struct asm_sym *sym;
	int64_t delta;
	bool is_num;
};

struct asm_mem {
	uint8_t reg; /* always a 64-bit register: the parser reports a w register */
	struct asm_val off;
};

/* A directive argument from the generic grammar. */
enum asm_arg_kind { ARG_EXPR, ARG_STRING, ARG_AT, ARG_KEYVAL, ARG_TYPED };
struct asm_arg {
	uint8_t kind;
	const char *name;      /* ARG_KEYVAL/ARG_TYPED key, ARG_AT word */
	const char *str;       /* ARG_STRING, or a type word for ARG_TYPED/ARG_KEYVAL */
	size_t str_len;
	struct asm_val val;    /* ARG_EXPR, ARG_KEYVAL value, ARG_TYPED array length */
	struct asm_sym *lone;  /* ARG_EXPR that is a lone name: the name, even when it folded */
	bool has_val;
	struct asm_loc loc;
	struct asm_arg *next;
};

static inline struct asm_pval asm_pval_of(struct asm_val v)
{
	struct asm_pval p = {v.e, v.v, NULL};
	return p;
}

static inline struct asm_val asm_val_at(struct asm_pval p, const struct asm_loc *loc)
{
	struct asm_val v = {p.e, p.v, *loc};
	return v;
}

static inline struct asm_operand asm_operand_at(struct asm_psrc s, const struct asm_loc *loc)
{
	struct asm_operand o = {s.is_reg, s.reg, {s.val.e, s.val.v, *loc}};
	return o;
}

static inline struct asm_mem asm_mem_at(struct asm_pmem m, const struct asm_loc *loc)
{
	struct asm_mem r = {m.reg, {m.off.e, m.off.v, *loc}};

	r.off.loc.first_column = m.off_first;
	r.off.loc.last_column = m.off_last;
	return r;
}

static inline struct asm_target asm_target_at(struct asm_ptgt t, const struct asm_loc *loc)
{
	struct asm_target r = {t.sym, t.delta, t.is_num, *loc};
	return r;
}

/* statements (insn.c): each checks its operands, encodes, and defers what it cannot
 * resolve yet; whether an instruction exists at all they ask the forms (isa.c) */
void asm_ins_alu(struct asm_ctx *ctx, const struct asm_loc *loc, int row, uint8_t dst,
		 const struct asm_operand *src);
void asm_ins_neg(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src);
void asm_ins_movsx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   uint8_t src);
void asm_ins_end(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row, uint8_t src);
void asm_ins_lddw(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, const struct asm_val *v);
void asm_ins_ldpseudo(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst,
		      const struct asm_val *src, const struct asm_val *imm);
void asm_ins_load(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		  const struct asm_mem *m);
void asm_ins_store(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, const struct asm_operand *src);
void asm_ins_ldpkt(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int size_row,
		   int reg, const struct asm_val *imm);
void asm_ins_lock(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		  const struct asm_mem *m, int op_row, uint8_t src);
void asm_ins_atomic_fn(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int fn_row,
		       int size_row, const struct asm_mem *m, uint8_t cmp, uint8_t src);
void asm_ins_strel(struct asm_ctx *ctx, const struct asm_loc *loc, int size_row,
		   const struct asm_mem *m, uint8_t src);
/* A jump to a defined label (fx->tgt.sym): its offset written in, or the error said. */
void asm_jump_to_label(struct asm_ctx *ctx, const struct asm_fixup *fx);
void asm_ins_jcc(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, int row,
		 const struct asm_operand *src, const struct asm_target *t);
void asm_ins_goto(struct asm_ctx *ctx, const struct asm_loc *loc, bool is_long,
		  const struct asm_target *t);
void asm_ins_addr_space_cast(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t dst, uint8_t src,
			     const struct asm_val *dst_as, const struct asm_val *src_as);
void asm_ins_may_goto(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t);
void asm_ins_call(struct asm_ctx *ctx, const struct asm_loc *loc, const struct asm_target *t);
void asm_ins_callx(struct asm_ctx *ctx, const struct asm_loc *loc, uint8_t reg);
void asm_ins_exit(struct asm_ctx *ctx, const struct asm_loc *loc);
/* the implicit label `exit` of GNU's syntax (the conformance suite jumps to it): the
 * file's first exit instruction, defined there */
struct asm_sym *asm_exit_label(struct asm_ctx *ctx);

/* how a 32-bit immediate is used, for its range check and warning */
enum imm_use { IMM_MOV64, IMM_ALU64, IMM_ALU32, IMM_JMP64, IMM_JMP32, IMM_PLAIN };
const char *asm_reg_name(uint8_t r, char *buf);
void asm_put_imm(struct asm_ctx *ctx, int section, uint64_t off, int32_t imm);
void asm_put_off(struct asm_ctx *ctx, int section, uint64_t off, int16_t v);
void asm_put_src(struct asm_ctx *ctx, int section, uint64_t off, uint8_t src);
char *asm_fmt_num(int64_t v, char *buf, size_t len);
bool asm_check_imm32(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v, enum imm_use use, uint8_t dst);
bool asm_check_off16(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v);

/* gnu.c: GNU's syntax. One operand of the mnemonic being read; the statement. */
void asm_gnu_operand(struct asm_ctx *ctx, uint8_t kind, uint8_t reg, const struct asm_val *v,
		     int64_t localref, struct asm_sym *lone);
void asm_ins_gnu(struct asm_ctx *ctx, const struct asm_loc *loc, const struct isa_gnu_op *op,
		 const struct asm_loc *oploc);
/* at the end: the sections entered in GNU's syntax padded to their alignment, as GNU as
 * leaves them */
int asm_gnu_pad_sections(struct asm_ctx *ctx);
/* `.syntax gnu|pseudoc` */
void asm_set_syntax(struct asm_ctx *ctx, bool gnu);

/* directives (directives.c) */
void asm_directive(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		   struct asm_arg *args);

#endif
