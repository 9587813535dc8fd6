/* asm_int.h: the assembler's internal state, shared by the parser actions (asm.c),
 * expressions (expr.c), directives (directives.c) and the writers. */
#ifndef BPFAS_ASM_INT_H
#define BPFAS_ASM_INT_H
#include <stdarg.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>

#include "asm.h"
#include "isa.h"

/* Source location; the field names are those bison's default location code uses. */
struct asm_loc {
	uint32_t first_line, last_line;
	uint16_t first_column, last_column; /* a longer line wraps the caret, nothing worse */
	uint16_t file;
};

struct asm_file {
	char *name;
	char *buf;   /* contents with two trailing NULs (flex scans it in place) */
	size_t len;
	char *dir;   /* folder, for .include */
	size_t *line_starts; /* built on first use by asm_file_line */
	size_t nlines;
};

struct asm_buf {
	uint8_t *p;
	size_t len, cap;
};

/* Bump allocator: everything it holds lives as long as the context. */
struct asm_arena_block;
struct asm_arena {
	struct asm_arena_block *head;
	char *cur, *end;
};

enum asm_sym_kind {
	SYM_NONE,    /* only referenced so far */
	SYM_LABEL,   /* a location in a section */
	SYM_EQU,     /* .equ/.set/-D/.enum/.struct field or a built-in constant */
	SYM_EXTERN,  /* .extern: a kernel function */
	SYM_TYPE,    /* a .struct or .enum name */
};

struct asm_type;

struct asm_sym {
	const char *name;
	struct asm_sym *hnext;
	uint32_t hash;
	uint8_t kind;
	uint8_t bind;      /* STB_LOCAL/GLOBAL/WEAK as written (.globl ...), see bind_set */
	uint8_t type;      /* STT_* as written with .type, see type_set */
	uint8_t visibility; /* STV_* from .hidden, .protected, .internal */
	bool bind_set, type_set, size_set;
	bool builtin_checked, referenced, called, resolving, local_label, reloc_target;
	bool reported;
	bool force_symtab; /* a relocation names this local label itself */     /* an error about this name was already given */
	bool is_num;       /* a numeric label `1:`, instance `num_k` of number `num` */
	uint64_t num;
	int section;       /* defining section for labels, -1 otherwise */
	uint64_t value;    /* label offset */
	uint64_t size;
	struct asm_expr *size_expr;
	struct asm_expr *equ; /* unevaluated .equ/.set value */
	int64_t equ_val;
	bool equ_known;
	struct asm_loc loc;   /* where defined (or first used) */
	struct asm_type *tdef;
	uint32_t elf_index;
};

/* A value from the grammar: a folded constant, or an expression over symbols. */
struct asm_expr {
	uint8_t op; /* 'n' number, 's' symbol, 'S' sizeof, 'u' unary minus, '~', or a binary op */
	struct asm_loc loc;
	int64_t num;
	struct asm_sym *sym;
	struct asm_expr *l, *r;
};

struct asm_val {
	struct asm_expr *e; /* NULL: the value is `v` */
	int64_t v;
	struct asm_loc loc;
};

/* The result of evaluating an expression: sym + v, sym NULL for a constant. */
struct asm_eval {
	struct asm_sym *sym;
	int64_t v;
};

/* Parser values are copied on every shift and reduction: keep them small. */
struct asm_operand {
	bool is_reg;
	uint8_t reg; /* register number | ASM_W for a w register */
	struct asm_val val; /* for a register, only val.loc */
};
#define ASM_W 0x80

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

/* A jump or call target: a symbol (label, helper, function) or a literal slot delta. */
struct asm_target {
	struct asm_sym *sym;
	int64_t delta;
	bool is_num;   /* `call 1`: a helper id */
	struct asm_loc loc;
};

struct asm_reloc {
	uint64_t offset;
	struct asm_sym *sym; /* NULL with `section` >= 0: against a section symbol */
	int section;
	uint32_t type;
};

struct asm_insn_loc {
	uint32_t off;
	uint32_t line;
	uint16_t col;
	uint16_t file;
};

struct asm_section {
	const char *name;
	uint32_t type;   /* SHT_PROGBITS or SHT_NOBITS */
	uint64_t flags;  /* SHF_* */
	uint64_t align;
	uint64_t entsize;
	bool is_prog;    /* holds instructions that the kernel runs */
	bool dropped;    /* DWARF: accepted and not written */
	struct asm_buf data;
	uint64_t nobits_size;
	struct asm_reloc *rels;
	size_t nrels, caprels;
	struct asm_insn_loc *insns;
	size_t ninsns, capinsns;
	struct asm_sym *first_label;
	bool need_secsym;
	uint32_t elf_index, secsym_index;
	bool gnu_end;    /* entered last in GNU's syntax: ends at a multiple of its alignment */
};

enum asm_fixup_kind {
	FX_JMP16,  /* off = target - (pc + 1) */
	FX_JMP32,  /* imm = target - (pc + 1), gotol */
	FX_CALL,   /* a call by name, resolved at the end */
	FX_IMM32,  /* imm from a constant expression */
	FX_OFF16,  /* off from a constant expression */
	FX_LDDW,   /* 64-bit immediate: constant, or a relocation */
	FX_DATA,   /* .byte/.short/.long/.quad with a symbolic value */
	FX_LDPSEUDO_IMM, /* ld_pseudo's 64-bit value */
};

struct asm_fixup {
	uint8_t kind;
	uint8_t width;    /* FX_DATA: bytes; FX_IMM32: 1 when sign extension to 64 bits applies */
	bool is_mov;      /* FX_IMM32 of rD = imm: the error suggests `ll` */
	int section;
	uint64_t offset;
	struct asm_target tgt;
	struct asm_val val;
	struct asm_loc loc;
};

struct asm_diag_rec {
	enum asm_severity sev;
	uint16_t file;
	uint32_t line, col, width;
	uint64_t order; /* position of the owning error, so notes stay with it */
	uint64_t seq;
	char *msg;
};

/* A .struct or .enum type: fields for offsets and sizeof, and later for BTF. */
struct asm_field {
	const char *name;
	const char *type_name; /* u8..s64, or a .struct/.enum name */
	struct asm_type *type; /* for a .struct/.enum field */
	uint32_t offset, size, count; /* count 0: not an array */
	bool is_signed;
};

struct asm_enum_val {
	const char *name;
	int64_t value;
};

struct asm_type {
	const char *name;
	bool is_enum;
	uint32_t size, align;
	struct asm_field *fields;
	size_t nfields;
	struct asm_enum_val *vals;
	size_t nvals;
	struct asm_loc loc;
	uint32_t btf_id; /* while BTF is generated */
};

/* One .map directive: kept for BTF and for the loader's printing. */
struct asm_map {
	struct asm_sym *sym;
	int type;
	uint32_t entries, flags;
	uint32_t numa_node, pinning; /* pinning: 1 = LIBBPF_PIN_BY_NAME */
	uint64_t map_extra;
	bool has_flags, has_numa, has_pinning, has_extra;
	const char *key_type, *value_type; /* scalar or type name, or NULL for a size */
	uint32_t key_size, value_size;
	uint32_t nvalues;  /* a program array's `values` slots (slotN=PROGRAM), 0 for none */
	struct asm_loc loc;
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

struct asm_include {
	void *buffer; /* the flex buffer of the including file */
	uint16_t file;
	uint32_t line, col;
};

#define ASM_MAX_COND 64
#define ASM_MAX_PARAMS 16
#define ASM_MAX_INCLUDE_DEPTH 16
#define ASM_MAX_ERRORS 100

#define ASM_MAX_GOPS 4

struct asm_ctx {
	struct asm_options opt;
	struct asm_arena arena;
	struct asm_file *files;
	size_t nfiles, capfiles;
	/* symbols */
	struct asm_sym **htab;
	size_t hcap, hcount;
	struct asm_sym **syms; /* in order of creation */
	size_t nsyms, capsyms;
	/* numeric local labels `1:` : definition count per number */
	struct { uint64_t n; uint32_t count; } *numlabels;
	size_t nnumlabels, capnumlabels;
	/* sections */
	struct asm_section *secs;
	size_t nsecs, capsecs;
	int cur;
	/* deferred work */
	struct asm_fixup *fixups;
	size_t nfixups, capfixups;
	struct asm_type **types;
	size_t ntypes, captypes;
	struct asm_map *maps;
	size_t nmaps, capmaps;
	/* diagnostics */
	struct asm_diag_rec *diags;
	size_t ndiags, capdiags;
	unsigned nerrors, nwarnings;
	uint64_t last_error_order;
	/* scanner state (the flex scanner itself is per run) */
	void *scanner;
	struct asm_include incs[ASM_MAX_INCLUDE_DEPTH];
	int ninc;
	uint16_t cur_file;
	uint32_t scan_line, scan_col;
	int stmt_tok;        /* tokens since the statement began: directives only at 0 */
	bool pending_eol;    /* an .include was pushed: end the directive's statement first */
	bool last_was_eol;
	bool bol;            /* nothing but blanks since the line began */
	struct asm_loc comment_loc; /* where an open comment began */
	int16_t kw_rows[512];
	uint8_t kw_len[512];  /* the length of each slot's word: most names are no word */
	int row_mov, row_jset; /* rows the grammar names directly */
	const struct names_const **builtins; /* sorted by name, for bsearch */
	size_t nbuiltins; /* operator word -> isa row, by hash of its text */
	bool finished, oom;
	jmp_buf *lex_fatal;   /* where the scanner's own allocation failures jump back to */
	/* conditional assembly: the open .if/.ifdef/.ifndef, innermost last */
	struct asm_cond {
		struct asm_loc loc;
		bool taken;   /* the branch being assembled (or skipped to) is the one chosen */
		bool in_else;
	} conds[ASM_MAX_COND];
	int nconds;
	int skip_depth;       /* while skipping: .if lines inside the skipped text */
	/* .rept and .macro bodies being captured, and the macros defined */
	struct asm_capture {
		bool macro;           /* .macro NAME ...; else .rept N */
		int64_t count;
		struct asm_loc loc;
		int depth;            /* .rept/.macro lines inside the body */
		struct asm_buf text;
		char *name;
		char *params[ASM_MAX_PARAMS];
		int nparams;
	} capture;
	struct asm_macro {
		char *name, *body;
		char *params[ASM_MAX_PARAMS];
		int nparams;
		struct asm_loc loc;
	} *macros;
	size_t nmacros, capmacros;  /* (expansions nest as .include does, 16 deep) */
	const struct asm_macro *macro_call; /* the invocation whose arguments are being read */
	struct asm_loc macro_loc;
	bool oom_said;        /* "out of memory" was reported */
	const char *file_sym; /* .file "x.c" */
	char *license;
	/* GNU's syntax (`.syntax gnu`, `--syntax gnu`): mnemonics first on a line, %r
	 * registers, `;` comments; pseudo-C statements are still read. gnu.c. */
	bool gnu;
	struct asm_gop {
		uint8_t kind;          /* GOP_REG, GOP_VAL, GOP_MEM, GOP_LOCAL, GOP_EXIT */
		uint8_t reg;
		int64_t localref;      /* GOP_LOCAL: as the scanner gives it */
		struct asm_sym *lone;  /* GOP_VAL: the symbol, when the value is a lone name */
		struct asm_val val;    /* GOP_VAL: the value; GOP_MEM: the offset; always .loc */
	} gops[ASM_MAX_GOPS];
	int ngops;                 /* operands of the mnemonic being read (may exceed the array) */
	struct asm_sym *exit_sym;  /* the implicit label `exit` of the conformance suite's programs */
	unsigned nhere;            /* `.` labels made */
	uint16_t quiet_file;       /* a line whose mistake is said: no "syntax error" after it */
	uint32_t quiet_line;
};

enum { GOP_REG, GOP_VAL, GOP_MEM, GOP_LOCAL, GOP_EXIT };

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

/* the context's own life (ctx.c): its tables and memory; driver.c allocates the struct */
int asm_ctx_init(struct asm_ctx *ctx);
void asm_ctx_release(struct asm_ctx *ctx);

/* arena and buffers */
void *asm_alloc(struct asm_ctx *ctx, size_t size);
char *asm_strndup(struct asm_ctx *ctx, const char *s, size_t len);
int asm_buf_append(struct asm_buf *b, const void *p, size_t len);
#define ASM_GROW(ptr, n, cap)                                                               \
	((n) < (cap) ? 0 : asm_grow((void **)&(ptr), &(cap), sizeof(*(ptr)), (n) + 1))
int asm_grow(void **ptr, size_t *cap, size_t elem, size_t need);

/* diagnostics (diag.c) */
void asm_error(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_warning(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_note(struct asm_ctx *ctx, const struct asm_loc *loc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void asm_diag_flush(struct asm_ctx *ctx);
/* Build the line index of a file (asm_file_line builds it on first use): false when
 * there is no memory for it. */
bool asm_file_index(const struct asm_ctx *ctx, uint16_t file);
const char *asm_file_line(const struct asm_ctx *ctx, uint16_t file, uint32_t line, size_t *len);

/* symbols (asm.c) */
struct asm_sym *asm_intern(struct asm_ctx *ctx, const char *name, size_t len);
struct asm_sym *asm_lookup(const struct asm_ctx *ctx, const char *name);
struct asm_section *asm_section(struct asm_ctx *ctx, const char *name, bool create);
int asm_switch_section(struct asm_ctx *ctx, const char *name, const char *flags,
		       const char *type, const struct asm_loc *loc);
bool asm_sym_is_builtin_const(struct asm_ctx *ctx, struct asm_sym *s);
void asm_emit_data(struct asm_ctx *ctx, const void *p, size_t len);
void asm_add_fixup(struct asm_ctx *ctx, const struct asm_fixup *fx);

/* expressions (expr.c) */
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
/* For an unknown name in a value: the label, constant or built-in name nearest to it when
 * near enough to be a typo (`__sk_buff.lenn` gives `__sk_buff.len`), else NULL. */
const char *asm_nearest_name(struct asm_ctx *ctx, const char *word);
/* "unknown name 'X'", with the nearest name when there is one. */
void asm_error_unknown_name(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name);
bool asm_val_ready(struct asm_ctx *ctx, const struct asm_val *v);

/* statements (asm.c): each checks its operands, encodes, and defers what it cannot
 * resolve yet */
void asm_label(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc);
void asm_numlabel(struct asm_ctx *ctx, uint64_t n, const struct asm_loc *loc);
/* `.`: a hidden label at the current location */
struct asm_sym *asm_here(struct asm_ctx *ctx, const struct asm_loc *loc);
struct asm_sym *asm_numref(struct asm_ctx *ctx, uint64_t n, bool forward, const struct asm_loc *loc);
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

/* gnu.c: GNU's syntax. One operand of the mnemonic being read; the statement. */
void asm_gnu_operand(struct asm_ctx *ctx, uint8_t kind, uint8_t reg, const struct asm_val *v,
		     int64_t localref, struct asm_sym *lone);
void asm_ins_gnu(struct asm_ctx *ctx, const struct asm_loc *loc, const struct isa_gnu_op *op,
		 const struct asm_loc *oploc);
/* an exit instruction in GNU's syntax: the first is the implicit label `exit` */
void asm_gnu_exit_seen(struct asm_ctx *ctx, const struct asm_loc *loc);
/* at the end: the sections entered in GNU's syntax padded to their alignment, as GNU as
 * leaves them */
int asm_gnu_pad_sections(struct asm_ctx *ctx);
/* `.syntax gnu|pseudoc` */
void asm_set_syntax(struct asm_ctx *ctx, bool gnu);

/* directives (directives.c) */
void asm_directive(struct asm_ctx *ctx, const struct asm_loc *loc, const char *name,
		   struct asm_arg *args);
/* Conditional assembly, between the directives and the scanner: asm_scan_skip makes the
 * scanner skip lines from the next one on; it calls asm_cond_else and asm_cond_end for an
 * .else or .endif of the conditional it skips in, which say whether to assemble again. */
void asm_scan_skip(struct asm_ctx *ctx);
bool asm_cond_else(struct asm_ctx *ctx, const struct asm_loc *loc);
bool asm_cond_end(struct asm_ctx *ctx);
void asm_cond_unclosed(struct asm_ctx *ctx);
/* .rept and .macro: asm_scan_capture makes the scanner collect lines into ctx->capture
 * from the next one on, up to the matching .endr or .endm, then calls asm_capture_done,
 * which repeats a .rept body or stores a macro. asm_macro_find and asm_macro_expand
 * serve an invocation; each expansion is scanned as a file of its own. */
void asm_scan_capture(struct asm_ctx *ctx);
void asm_capture_done(struct asm_ctx *ctx);
const struct asm_macro *asm_macro_find(const struct asm_ctx *ctx, const char *name, size_t len);
void asm_macro_expand(struct asm_ctx *ctx, const struct asm_macro *m, const char *args, size_t len,
		      const struct asm_loc *loc);
int asm_add_text_file(struct asm_ctx *ctx, const char *name, const char *text, size_t len);
bool asm_name_char(char c);
bool asm_directive_is_raw(const char *name);
int asm_kw_row(const struct asm_ctx *ctx, const char *text, size_t len);
int asm_include_file(struct asm_ctx *ctx, const char *path, const struct asm_loc *loc);
int asm_load_file(struct asm_ctx *ctx, const char *path, const char *name);

/* shared between asm.c, insn.c and resolve.c */
static inline uint8_t regn(uint8_t r)
{
	return r & 0x0f;
}

static inline bool is32(uint8_t r)
{
	return (r & ASM_W) != 0;
}

/* how a 32-bit immediate is used, for its range check and warning */
enum imm_use { IMM_MOV64, IMM_ALU64, IMM_ALU32, IMM_JMP64, IMM_JMP32, IMM_PLAIN };

struct asm_section *asm_cur_section(struct asm_ctx *ctx);
uint64_t asm_sec_size(const struct asm_section *s);
void asm_add_reloc(struct asm_ctx *ctx, struct asm_section *s, uint64_t off, struct asm_sym *sym, int section,
		   uint32_t type);
const char *asm_sym_display(const struct asm_sym *s, char *buf, size_t len);
bool asm_name_prefix(const char *s, const char *p);
const char *asm_reg_name(uint8_t r, char *buf);
void asm_put_imm(struct asm_ctx *ctx, int section, uint64_t off, int32_t imm);
void asm_put_off(struct asm_ctx *ctx, int section, uint64_t off, int16_t v);
void asm_put_src(struct asm_ctx *ctx, int section, uint64_t off, uint8_t src);
char *asm_fmt_num(int64_t v, char *buf, size_t len);
bool asm_check_imm32(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v, enum imm_use use, uint8_t dst);
bool asm_check_off16(struct asm_ctx *ctx, const struct asm_loc *loc, int64_t v);

/* BTF and .BTF.ext for the object (btf_gen.c); empty when the source brought its own */
int asm_btf_generate(struct asm_ctx *ctx, uint8_t **btf, size_t *btf_len, uint8_t **ext, size_t *ext_len);

/* end of input: resolve, lay out symbols (asm.c) */
int asm_finish(struct asm_ctx *ctx);

/* scanner glue (lexer.l) */
int asm_scan_begin(struct asm_ctx *ctx, uint16_t file);
void asm_scan_end(struct asm_ctx *ctx);
int asm_scan_push(struct asm_ctx *ctx, uint16_t file);
/* a GNU mnemonic in pseudo-C; in GNU's syntax a word that is no mnemonic */
void asm_scan_misplaced(struct asm_ctx *ctx, const struct asm_loc *loc, const char *word, size_t len);
void asm_scan_unknown(struct asm_ctx *ctx, const struct asm_loc *loc, const char *word, size_t len);

#endif
