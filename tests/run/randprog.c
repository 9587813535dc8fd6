/* randprog.c: random programs the verifier accepts, for checking the emulator against the
 * kernel (tests/test_random.sh runs each through bpfload --test-run --emulate).
 *
 *   randprog programs SEED N DIR   writes DIR/p00000.s ... : N XDP programs
 *   randprog packets SEED          prints the packets they run on, as hex lines for mkcap
 *
 * Each program reads r0-r9 from its packet (values the verifier cannot know), fills a
 * 16-slot stack area from them, then runs 20-60 random instructions: every ALU operation
 * in 64 and 32 bits with register and immediate sources (division and modulo by a register
 * that may be zero, shifts by any register value, sign-extending moves, byte swaps),
 * constants (mov and lddw), stack stores, loads and sign-extending loads of every width,
 * atomics on the stack (add, or, and, xor with and without fetch, xchg, cmpxchg), and
 * conditional forward jumps on every condition, 64 and 32 bits, register and immediate. Jumps only go
 * forward, so there are no loops, and at most 7 of them are conditional, so the verifier's
 * paths stay few. At the end it writes r0-r9 and the stack area back into the packet,
 * which the test run returns: the kernel and the emulator must agree byte for byte.
 * The same SEED gives the same programs and packets on every machine (a generator of our
 * own, not rand()). */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SLOTS 16      /* the stack area: fp-16 down to fp-136 (fp-8 keeps the packet pointer) */
#define PKT_LEN 256   /* 80 bytes of registers + 128 of stack, written back from offset 0 */
#define NPACKETS 6

static uint64_t state;

static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n)
{
	return (unsigned)(next() % n);
}

/* a value worth trying: small, a boundary, or anything */
static int64_t interesting(void)
{
	static const int64_t edges[] = {0, 1, -1, 2, 7, 31, 32, 63, 64, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff,
					0x7fffffff, INT32_MIN, 0xffffffff, INT64_MAX, INT64_MIN};
	switch (below(3)) {
	case 0:
		return edges[below(sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return (int64_t)below(16) - 8;
	default:
		return (int64_t)next();
	}
}

static int32_t imm32(void)
{
	return (int32_t)interesting();
}

static const char *const alu_ops[] = {"+=", "-=", "*=", "/=", "%=", "|=", "&=", "^=", "<<=", ">>=", "s>>=", "s/=", "s%=", "="};
static const char *const jmp_ops[] = {"==", "!=", ">", ">=", "<", "<=", "s>", "s>=", "s<", "s<=", "&"};
static const char *const sizes[] = {"u8", "u16", "u32", "u64"};

/* One instruction of the body (at most one of them a jump: *jumps counts the conditional
 * ones). `label` is the number of the next label; a jump goes to one of the next three. */
static void body_insn(FILE *f, int label, int *jumps)
{
	unsigned d = below(10), s = below(10), k = below(100);
	bool w = below(2);
	char R = w ? 'w' : 'r';
	int slot = 16 + 8 * (int)below(SLOTS);

	if (k < 45) { /* ALU */
		const char *op = alu_ops[below(sizeof(alu_ops) / sizeof(alu_ops[0]))];
		bool shift = strstr(op, "<<") || strstr(op, ">>"), div = strchr(op, '/') || strchr(op, '%');
		if (below(2)) {
			fprintf(f, "\t%c%u %s %c%u\n", R, d, op, R, s);
		} else {
			int32_t v = shift ? (int32_t)below(w ? 32 : 64) : imm32();
			if (div && v == 0) /* the verifier refuses a constant zero divisor */
				v = 3;
			fprintf(f, "\t%c%u %s %" PRId32 "\n", R, d, op, v);
		}
	} else if (k < 50) {
		static const char *const un[] = {"-", "be16 ", "be32 ", "be64 ", "le16 ", "le32 ", "le64 ", "bswap16 ", "bswap32 ",
						 "bswap64 "};
		unsigned u = below(10);
		if (u == 0)
			fprintf(f, "\t%c%u = -%c%u\n", R, d, R, d);
		else
			fprintf(f, "\tr%u = %sr%u\n", d, un[u], d);
	} else if (k < 54) { /* sign-extending moves */
		static const char *const sx[] = {"s8", "s16", "s32"};
		if (w)
			fprintf(f, "\tw%u = (%s)w%u\n", d, sx[below(2)], s);
		else
			fprintf(f, "\tr%u = (%s)r%u\n", d, sx[below(3)], s);
	} else if (k < 58) {
		if (below(2))
			fprintf(f, "\tr%u = %#" PRIx64 " ll\n", d, (uint64_t)interesting());
		else
			fprintf(f, "\t%c%u = %" PRId32 "\n", R, d, imm32());
	} else if (k < 66) { /* stack stores: a register or an immediate, any width */
		unsigned z = below(4);
		int at = slot - (int)(below(8 >> z) << z); /* aligned to its width, inside the slot */
		if (below(3))
			fprintf(f, "\t*(%s *)(r10 - %d) = %c%u\n", sizes[z], at, z == 3 ? 'r' : 'w', s);
		else
			fprintf(f, "\t*(%s *)(r10 - %d) = %" PRId64 "\n", sizes[z], at,
				z < 2 ? (int64_t)(uint32_t)(imm32() & (z ? 0xffff : 0xff)) : (int64_t)imm32());
	} else if (k < 74) { /* stack loads, zero- or sign-extending */
		unsigned z = below(4);
		int at = slot - (int)(below(8 >> z) << z);
		if (z < 3 && below(2))
			fprintf(f, "\tr%u = *(s%d *)(r10 - %d)\n", d, 8 << z, at);
		else
			fprintf(f, "\tr%u = *(%s *)(r10 - %d)\n", d, sizes[z], at);
	} else if (k < 80) { /* atomics on the stack, 64 or 32 bits */
		static const char *const lk[] = {"+=", "|=", "&=", "^="};
		static const char *const fe[] = {"add", "or", "and", "xor"};
		int at = w ? slot - 4 * (int)below(2) : slot;
		const char *t = w ? "u32" : "u64";
		switch (below(4)) {
		case 0:
			fprintf(f, "\tlock *(%s *)(r10 - %d) %s %c%u\n", t, at, lk[below(4)], R, s);
			break;
		case 1:
			fprintf(f, "\t%c%u = atomic_fetch_%s((%s *)(r10 - %d), %c%u)\n", R, s, fe[below(4)], t, at, R, s);
			break;
		case 2:
			fprintf(f, "\t%c%u = %s(r10 - %d, %c%u)\n", R, s, w ? "xchg32_32" : "xchg_64", at, R, s);
			break;
		default:
			fprintf(f, "\t%c0 = %s(r10 - %d, %c0, %c%u)\n", R, w ? "cmpxchg32_32" : "cmpxchg_64", at, R, R, s);
			break;
		}
	} else if (k < 92 && *jumps < 7) { /* a conditional jump forward */
		const char *op = jmp_ops[below(sizeof(jmp_ops) / sizeof(jmp_ops[0]))];
		(*jumps)++;
		if (below(2))
			fprintf(f, "\tif %c%u %s %c%u goto L%d\n", R, d, op, R, s, label + (int)below(3));
		else
			fprintf(f, "\tif %c%u %s %" PRId32 " goto L%d\n", R, d, op, imm32(), label + (int)below(3));
	} else { /* (no `goto`: what it jumps over would be unreachable, which the verifier refuses) */
		fprintf(f, "\tr%u = r%u\n", d, s);
	}
}

static int program(const char *path, unsigned index)
{
	FILE *f = fopen(path, "w");
	int n = 20 + (int)below(41), label = 0, jumps = 0;

	if (!f)
		return perror(path), -1;
	fprintf(f, "# random program %u of tests/run/randprog.c\n\t.license \"GPL\"\n\t.section xdp\nprog:\n", index);
	fprintf(f, "\tr2 = *(u32 *)(r1 + 0)\n\tr3 = *(u32 *)(r1 + 4)\n\tr4 = r2\n\tr4 += %d\n\tif r4 > r3 goto short\n",
		PKT_LEN);
	fprintf(f, "\t*(u64 *)(r10 - 8) = r2\n");
	for (int r = 0; r < 10; r++)
		if (r != 2)
			fprintf(f, "\tr%d = *(u64 *)(r2 + %d)\n", r, 8 * r);
	fprintf(f, "\tr2 = *(u64 *)(r2 + 16)\n");
	for (int i = 0; i < SLOTS; i++)
		fprintf(f, "\t*(u64 *)(r10 - %d) = r%d\n", 16 + 8 * i, i % 10);
	for (int i = 0; i < n; i++) {
		if (i && below(6) == 0)
			fprintf(f, "L%d:\n", label++);
		body_insn(f, label, &jumps);
	}
	for (int l = label; l < label + 3; l++) /* the jumps' targets not yet placed */
		fprintf(f, "L%d:\n", l);
	fprintf(f, "\t*(u64 *)(r10 - 144) = r1\n\tr1 = *(u64 *)(r10 - 8)\n\t*(u64 *)(r1 + 0) = r0\n");
	fprintf(f, "\tr0 = *(u64 *)(r10 - 144)\n\t*(u64 *)(r1 + 8) = r0\n");
	for (int r = 2; r < 10; r++)
		fprintf(f, "\t*(u64 *)(r1 + %d) = r%d\n", 8 * r, r);
	for (int i = 0; i < SLOTS; i++)
		fprintf(f, "\tr0 = *(u64 *)(r10 - %d)\n\t*(u64 *)(r1 + %d) = r0\n", 16 + 8 * i, 80 + 8 * i);
	fprintf(f, "\tw0 = 2\n\texit\nshort:\n\tw0 = 1\n\texit\n");
	return fclose(f) ? (perror(path), -1) : 0;
}

/* random bytes, all zero, all ones, small numbers, boundary values, and random again */
static void packets(void)
{
	for (int p = 0; p < NPACKETS; p++) {
		for (int i = 0; i < PKT_LEN / 8; i++) {
			uint64_t v = p == 1 ? 0 : p == 2 ? ~0ull : p == 3 ? below(8) : p == 4 ? (uint64_t)interesting() : next();
			for (int b = 0; b < 8; b++)
				printf("%s%02x", i || b ? " " : "", (unsigned)(v >> (8 * b)) & 0xff);
		}
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "programs")) {
		unsigned n = (unsigned)strtoul(argv[3], NULL, 0);
		char path[4096];
		state = strtoull(argv[2], NULL, 0);
		for (unsigned i = 0; i < n; i++) {
			snprintf(path, sizeof(path), "%s/p%05u.s", argv[4], i);
			if (program(path, i))
				return 1;
		}
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "packets")) {
		state = strtoull(argv[2], NULL, 0) ^ 0x5eed;
		packets();
		return 0;
	}
	fprintf(stderr, "usage: randprog programs SEED N DIR | randprog packets SEED\n");
	return 2;
}
