/* ctx.h: the assembler context, the bottom layer of libbpfas: locations, memory, symbols,
 * sections, fixups, relocations, types and maps, and the state of a run (ctx.c) */
#ifndef BPFAS_CTX_H
#define BPFAS_CTX_H
#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

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
	dev_t dev;   /* which file it is, to find an .include cycle (0, 0 for expansions) */
	ino_t ino;
	size_t *line_starts; /* built on first use by asm_file_line: where each line from */
	size_t nlines;       /* index_base on starts */
	uint32_t index_base;
	/* With asm_options.release_source, the part of buf before `released` is given back
	 * to the system once the scanner is well past it (its pages read as zeros after);
	 * asm_file_line reads those lines again from the file, through `fd`. */
	size_t released;
	uint32_t released_line;  /* the line that starts at `released` */
	bool has_fd;
	int fd;
	struct asm_line_mark {   /* where a line starts: one every ASM_RELEASE_STEP bytes, */
		uint32_t line;   /* and the last line read from the file */
		size_t off;
	} *marks, disk_at;
	size_t nmarks, capmarks;
	char *disk_line;         /* that line's text */
	size_t disk_len, disk_cap;
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

#define ASM_W 0x80

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
	uint8_t reg;      /* FX_IMM32: the destination register, for the error */
	int section;
	uint64_t offset;
	union {           /* one fixup per jump or value that waits for the end: kept small */
		struct asm_target tgt; /* FX_JMP16, FX_JMP32, FX_CALL */
		struct asm_val val;    /* the others */
	};
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


struct asm_include {
	void *buffer; /* the flex buffer of the including file */
	uint16_t file;
	uint32_t line, col;
};

#define ASM_MAX_COND 64
#define ASM_MAX_PARAMS 16
#define ASM_MAX_INCLUDE_DEPTH 16
#define ASM_MAX_ERRORS 100
#define ASM_RELEASE_STEP (1u << 20) /* release_source: how far behind the scanner memory is given back */
#define ASM_MAX_EVAL_DEPTH 12000 /* parentheses and .equ names inside one value */
#define ASM_KERNEL_MAX_INSNS 1000000u /* BPF_COMPLEXITY_LIMIT_INSNS: a program's most */

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
	int eval_depth; /* expr.c's recursion, bounded by ASM_MAX_EVAL_DEPTH */
	uint16_t cur_file;
	uint32_t scan_line, scan_col;
	/* the scanner calls asm_source_passed when a token of file release_file lies in
	 * [release_at, release_end) (asm_options.release_source) */
	const char *release_at, *release_end;
	uint16_t release_file;
	int stmt_tok;        /* tokens since the statement began: directives only at 0 */
	bool pending_eol;    /* an .include was pushed: end the directive's statement first */
	bool last_was_eol;
	bool bol;            /* nothing but blanks since the line began */
	struct asm_loc comment_loc; /* where an open comment began */
	int16_t kw_rows[512];
	uint8_t kw_len[512];  /* the length of each slot's word: most names are no word */
	uint64_t kw_key[512]; /* its first 8 bytes, lowercase, packed (kw_hash) */
	/* GNU mnemonics decoded so far (isa_gnu_word tries the rows one by one): a word's
	 * answer, by hash of its lowercase text; a file uses few distinct mnemonics */
	struct asm_gnu_memo {
		char word[24];
		uint8_t len; /* 0: empty */
		bool is;
		struct isa_gnu_op op;
	} gnu_memo[128];
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
	/* events whose .tracepoint failed: the first error said why, so names of their fields
	 * (`cpu_idle.state`) are not reported again as unknown */
	const char *failed_events[16];
	int nfailed_events;
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

/* symbols, sections, fixups and relocations */
struct asm_sym *asm_intern(struct asm_ctx *ctx, const char *name, size_t len);
struct asm_sym *asm_lookup(const struct asm_ctx *ctx, const char *name);
struct asm_section *asm_section(struct asm_ctx *ctx, const char *name, bool create);
int asm_switch_section(struct asm_ctx *ctx, const char *name, const char *flags,
		       const char *type, const struct asm_loc *loc);
bool asm_sym_is_builtin_const(struct asm_ctx *ctx, struct asm_sym *s);
void asm_emit_data(struct asm_ctx *ctx, const void *p, size_t len);
void asm_add_fixup(struct asm_ctx *ctx, const struct asm_fixup *fx);
struct asm_section *asm_cur_section(struct asm_ctx *ctx);
uint64_t asm_sec_size(const struct asm_section *s);
void asm_add_reloc(struct asm_ctx *ctx, struct asm_section *s, uint64_t off, struct asm_sym *sym, int section,
		   uint32_t type);
const char *asm_sym_display(const struct asm_sym *s, char *buf, size_t len);
/* `s` is `p` or starts with `p.` (a section name and its family) */
bool asm_name_prefix(const char *s, const char *p);
int asm_kw_row(const struct asm_ctx *ctx, const char *text, size_t len);
/* Whether `name` is EVENT.FIELD of an event whose .tracepoint failed. */
bool asm_of_failed_event(const struct asm_ctx *ctx, const char *name);
/* isa_gnu_word, remembered per word. */
bool asm_gnu_word(struct asm_ctx *ctx, const char *text, size_t len, struct isa_gnu_op *out);

/* labels: named, numeric (`1:`, `1b`, `1f`), and `.` */
void asm_label(struct asm_ctx *ctx, struct asm_sym *s, const struct asm_loc *loc);
void asm_numlabel(struct asm_ctx *ctx, uint64_t n, const struct asm_loc *loc);
/* `.`: a hidden label at the current location */
struct asm_sym *asm_here(struct asm_ctx *ctx, const struct asm_loc *loc);
struct asm_sym *asm_numref(struct asm_ctx *ctx, uint64_t n, bool forward, const struct asm_loc *loc);

/* a register operand: its number, and ASM_W for a w register */
static inline uint8_t regn(uint8_t r)
{
	return r & 0x0f;
}

static inline bool is32(uint8_t r)
{
	return (r & ASM_W) != 0;
}

#endif
