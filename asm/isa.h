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
	const char *text;
	uint8_t shape;
	uint8_t op;
	int16_t off;
	int32_t imm;
	uint16_t flags;
};

extern const struct isa_row isa_rows[];
extern const size_t isa_nrows;

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


#endif
