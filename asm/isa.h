/* isa.h: the eBPF instruction set as one table of operator words, shared by the
 * assembler (encoding and operand checks) and the disassembler (printing). */
#ifndef BPFAS_ISA_H
#define BPFAS_ISA_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One decoded instruction slot, independent of host bitfield layout. */
struct isa_insn {
	uint8_t code;
	uint8_t dst;
	uint8_t src;
	int16_t off;
	int32_t imm;
};

/* What an operator word does; the grammar decides where it may stand. */
enum isa_shape {
	ISA_ALU,     /* rD op= rS|imm: .op is BPF_OP bits, .off 1 for signed div/mod */
	ISA_MOV,     /* rD = rS|imm */
	ISA_NEG,     /* rD = -rD */
	ISA_END,     /* rD = be16 rD: .op BPF_TO_BE/BPF_TO_LE, .imm width; ISA_F_ALU64 for bswap */
	ISA_SIZE,    /* a width word u8..u64, s8..s64: .op is BPF_SIZE bits */
	ISA_AFETCH,  /* rS = atomic_fetch_OP((uN *)(rD + off), rS): .imm is the atomic op */
	ISA_XCHG,    /* rS = xchg_64(rD + off, rS) */
	ISA_CMPXCHG, /* r0 = cmpxchg_64(rD + off, r0, rS) */
	ISA_LDACQ,   /* rD = load_acquire((uN *)(rS + off)) */
	ISA_STREL,   /* store_release((uN *)(rD + off), rS) */
	ISA_JCC,     /* if rD op rS|imm goto: .op is BPF_OP bits */
};

enum {
	ISA_F_ALU64 = 1 << 0,  /* only in 64-bit form (bswap) */
	ISA_F_SIGNED = 1 << 1, /* sN width words */
	ISA_F_W32 = 1 << 2,    /* 32-bit operand form (xchg32_32, cmpxchg32_32) */
	ISA_F_W64 = 1 << 3,    /* 64-bit operand form (xchg_64, atomic64_*) */
	ISA_F_V4 = 1 << 4,     /* needs -mcpu=v4 (kernel 6.6) */
	ISA_F_ATOMIC = 1 << 5, /* the word is also a `lock` operator (+= |= &= ^=) */
	ISA_F_ALIAS = 1 << 6,  /* accepted spelling, never printed */
};

struct isa_row {
	const char *text; /* the pseudo-C word */
	const char *gnu;  /* its GNU mnemonic stem (`add` for +=, `add32` is the 32-bit form), or
			   * NULL where GNU as has none (the form prints in pseudo-C then) */
	uint8_t shape;
	uint8_t op;
	int16_t off;
	int32_t imm;
	uint16_t flags;
};

extern const struct isa_row isa_rows[];
extern const size_t isa_nrows;

/* Instruction forms: one opcode byte with the values its other fields must have, the row
 * whose words name it, and an operand shape (enum isa_fshape) whose templates print it in
 * each syntax. The printer walks these; a unit test asserts that tests/forms.txt has a
 * line of every form. Adding an instruction is a form (and a row when it brings a word,
 * a shape when its operands are laid out anew). */
enum isa_fshape {
	IS_ALU_K, IS_ALU_X, IS_NEG, IS_MOVSX, IS_ASCAST, IS_END, IS_LDDW, IS_LDPSEUDO,
	IS_LDX, IS_LDXSX, IS_ST, IS_STX, IS_LDABS, IS_LDIND,
	IS_AOP, IS_AFETCH, IS_XCHG, IS_CMPXCHG, IS_LDACQ, IS_STREL,
	IS_JCC_K, IS_JCC_X, IS_JA, IS_JAL, IS_MAYGOTO, IS_CALL, IS_CALL_LOCAL, IS_CALL_KFUNC,
	IS_CALLX, IS_EXIT,
};

enum {
	ISA_FF_W32 = 1 << 0, /* pseudo-C names its registers w (the 32-bit forms) */
};

struct isa_form {
	uint8_t code;  /* the opcode byte */
	uint8_t shape; /* enum isa_fshape: which of dst, src, off, imm are operands */
	uint8_t ver;   /* the ISA version that brought it: 1, 3 (jmp32, atomics) or 4 */
	uint8_t flags; /* ISA_FF_* */
	int8_t row;    /* the isa_rows entry whose words name it, or -1 */
	uint8_t src;   /* src's value where the shape takes no source register */
	int16_t off;   /* off's value where the shape takes no offset */
	int32_t imm;   /* imm's value where the shape takes no immediate */
};

extern const struct isa_form isa_forms[];
extern const size_t isa_nforms;

/* The form of an instruction (next: the slot after it, for lddw; may be NULL), or -1 for
 * an encoding that is no instruction. */
int isa_form_of(const struct isa_insn *in, const struct isa_insn *next);

/* Lookup of an operator word by its text (case-insensitive); -1 when unknown. */
int isa_find(const char *text, enum isa_shape shape);

/* Size in bytes of a BPF_SIZE code; width word row for a size code. */
unsigned isa_size_bytes(uint8_t size_code);
const struct isa_row *isa_size_row(uint8_t size_code, bool sign);

void isa_encode(const struct isa_insn *in, uint8_t out[8]);
void isa_decode(const uint8_t in[8], struct isa_insn *out);
/* One field of an encoded instruction, in place (little-endian, as isa_encode writes). */
void isa_put_imm(uint8_t insn[8], int32_t imm);
void isa_put_off(uint8_t insn[8], int16_t off);
void isa_put_src(uint8_t insn[8], uint8_t src);

/* The slot a jump or a local call at slot pc goes to, pc + 1 + its offset (off, or imm
 * for `gotol` and `call` to a local function), or ISA_NO_TARGET for an instruction
 * without one (exit, helper and kfunc calls, callx, everything not a jump). The one
 * place that says which field holds a target: the resolver, the disassembler, the graph
 * and the loader's emulator ask here. */
#define ISA_NO_TARGET INT64_MIN
int64_t isa_jump_target(const struct isa_insn *in, size_t pc);

/* The two syntaxes: pseudo-C (LLVM's, the default) and GNU's mnemonics (GCC and GNU as). */
enum isa_syntax { ISA_PSEUDOC, ISA_GNU };

/* A GNU mnemonic, decoded against the rows: what it is, and the rows it names. */
enum isa_gnu_kind {
	IG_NONE,
	IG_ALU,    /* add %r1, 2 | add32 ...: .row an ALU or MOV row */
	IG_NEG,    /* neg %r1 */
	IG_MOVS,   /* movs %r1, %r2, 8 (the width an operand) */
	IG_MOVSX,  /* movsx832 %r1, %r2 (the width in the word): .size the signed width row */
	IG_ENDW,   /* endbe %r1, 16 | bswap %r1, 16: .row the 16-bit row of its kind */
	IG_END,    /* be16 %r1 | swap16 %r1: .row */
	IG_LDDW,   /* lddw %r1, 0x... */
	IG_LDX,    /* ldxw %r0, [%r1+2] | ldxsb: .size */
	IG_STX,    /* stxw [%r1+2], %r3 */
	IG_ST,     /* stw [%r1+2], 5 */
	IG_LDABS,  /* ldabsw 12 */
	IG_LDIND,  /* ldindw %r1, 12 */
	IG_AOP,    /* aadd [%r1+0], %r2 | xadddw | lock add: .row the ALU row, .size */
	IG_AFETCH, /* afadd | lock fetch add: .row the atomic_fetch row */
	IG_AXCHG,  /* axchg | lock xchg: .row */
	IG_ACMP,   /* acmp | lock cmpxchg: .row */
	IG_JCC,    /* jeq %r1, 5, label: .row */
	IG_JA,     /* ja label */
	IG_JAL,    /* jal label | ja32 | gotol: the 32-bit offset form */
};

struct isa_gnu_op {
	uint8_t kind;
	bool w32;     /* the 32-bit form: add32, jeq32, aadd32, movs32 */
	int16_t row;  /* the row it names, or -1 */
	int16_t size; /* a width row, or -1 */
};

/* Decodes a GNU mnemonic (case-insensitive; `lock fetch add` with any blanks). Returns
 * false for a word that is no mnemonic. */
bool isa_gnu_word(const char *text, size_t len, struct isa_gnu_op *out);

/* Callbacks a printer uses to name what the raw instruction only numbers. */
struct isa_names {
	/* name of the jump target of slot pc + 1 + delta, or NULL for "+delta" */
	const char *(*jump)(void *arg, size_t pc, int64_t delta);
	/* name of the symbol a relocation at slot pc points to, or NULL */
	const char *(*reloc)(void *arg, size_t pc, int64_t *addend);
	void *arg;
};

/* Print one instruction (two slots for lddw: next may be NULL when truncated) in the
 * syntax bpfas reads. Returns the number of slots used (1 or 2), or 0 for an encoding
 * that is not an instruction (printed as `.8byte`-style raw data by the caller). */
int isa_format(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
	       const struct isa_names *names, char *buf, size_t len);
/* The same in either syntax. A form GNU as has no mnemonic for (load_acquire,
 * store_release, may_goto, addr_space_cast, ld_pseudo) prints in pseudo-C, which bpfas
 * also reads under `.syntax gnu`. */
int isa_format_syntax(const struct isa_insn *in, const struct isa_insn *next, size_t pc,
		      const struct isa_names *names, enum isa_syntax syn, char *buf, size_t len);


#endif
