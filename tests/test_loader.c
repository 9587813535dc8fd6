/* test_loader.c: bpfload's object reading and linking, without the kernel: maps and
 * programs found in an object, relocations applied (with made-up map fds), subprograms
 * appended and calls fixed, func_info and line_info carried along; and objects corrupted
 * at random, which must be refused or read, never crash. Expected values are worked out
 * from the source files in the comments. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"
#include "explain.h"
#include "kbtf.h"
#include "object.h"
#include "testutil.h"

/* The loader's messages, kept for the assertions that print them. */
static char said[4096];

static void keep(void *arg, enum ldr_level level, const char *text)
{
	size_t n = strlen(said);

	snprintf(said + n, sizeof(said) - n, "%s", text);
}

static const struct ldr_log capture = {keep, NULL};

static uint8_t *build(const char *path, size_t *len)
{
	struct tu_run r;
	uint8_t *obj;

	tu_assemble_file(&r, path);
	ck_assert_msg(r.err == 0, "%s", r.diags);
	ck_assert_int_eq(tu_object(&r, &obj, len), 0);
	tu_done(&r);
	return obj;
}

static char prog_path[1024];

static const char *program(const char *name)
{
	snprintf(prog_path, sizeof(prog_path), "%s/../programs/%s", SRCDIR, name);
	return prog_path;
}

/* calls.s: print_lengths (13 slots: ldx, call, st, lddw, mov, add, call, jeq, mov, lock,
 * mov, exit = 12 instructions in 13 slots) calls log_len in .text (9 slots: 8
 * instructions, one lddw), which is appended at slot 13. */
START_TEST(test_link_calls)
{
	size_t len;
	uint8_t *buf = build(program("calls.s"), &len);
	struct ldr_object *o;
	struct ldr_prog *p;
	struct ldr_map *seen = NULL, *ro = NULL;

	ck_assert_msg(ldr_object_open_memory("calls.bo", buf, len, &capture, &o) == 0, "%s", said);
	ck_assert_uint_eq(o->nprogs, 1);
	p = &o->progs[0];
	ck_assert_str_eq(p->name, "print_lengths");
	ck_assert_uint_eq(p->type, BPF_PROG_TYPE_SOCKET_FILTER);
	ck_assert_int_eq(p->attach, LDR_ATTACH_SOCKET);
	ck_assert_uint_eq(o->nmaps, 2); /* the array, and .rodata for the format string */
	for (size_t i = 0; i < o->nmaps; i++) {
		if (!strcmp(o->maps[i].name, "seen"))
			seen = &o->maps[i];
		if (!strcmp(o->maps[i].name, ".rodata"))
			ro = &o->maps[i];
	}
	ck_assert_ptr_nonnull(seen);
	ck_assert_ptr_nonnull(ro);
	ck_assert(ro->readonly);
	ck_assert_uint_eq(ro->value_size, 20); /* "packet of %u bytes\n" and its NUL */
	seen->fd = 100, ro->fd = 101;
	ck_assert_int_eq(ldr_prog_relocate(o, p), 0);
	ck_assert_uint_eq(p->ninsns, 13 + 9);
	/* slot 1: call log_len, now 13 - (1 + 1) = 11 slots ahead */
	ck_assert_uint_eq(p->insns[1].code, BPF_JMP | BPF_CALL);
	ck_assert_uint_eq(p->insns[1].src_reg, BPF_PSEUDO_CALL);
	ck_assert_int_eq(p->insns[1].imm, 11);
	/* slot 3: r1 = seen ll -> the map's fd */
	ck_assert_uint_eq(p->insns[3].src_reg, BPF_PSEUDO_MAP_FD);
	ck_assert_int_eq(p->insns[3].imm, 100);
	/* log_len's slot 2 (13 + 2): r1 = fmt ll -> .rodata's fd, offset 0 */
	ck_assert_uint_eq(p->insns[15].code, BPF_LD | BPF_IMM | BPF_DW);
	ck_assert_uint_eq(p->insns[15].src_reg, BPF_PSEUDO_MAP_VALUE);
	ck_assert_int_eq(p->insns[15].imm, 101);
	ck_assert_int_eq(p->insns[16].imm, 0);
	/* func_info for both functions; line_info starts each, in instruction units */
	o->btf_fd = 1; /* pretend the BTF loaded: relocate carries the ext info */
	ck_assert_int_eq(ldr_prog_relocate(o, p), 0);
	ck_assert_uint_eq(p->nfunc_info, 2);
	ck_assert_uint_eq(p->func_info[0].insn_off, 0);
	ck_assert_uint_eq(p->func_info[1].insn_off, 13);
	ck_assert_uint_eq(p->line_info[0].insn_off, 0);
	ck_assert_str_eq(ldr_btf_str(o, p->line_info[0].line_off), "r1 = *(u32 *)(r1 + __sk_buff.len)");
	ck_assert(ldr_prog_line(p, 13) && ldr_prog_line(p, 13)->insn_off == 13);
	o->btf_fd = -1;
	ldr_object_close(o);
	free(buf);
}
END_TEST

/* cpustat.s: two tracepoint programs, both calling bump in .text. */
START_TEST(test_two_programs_one_subprogram)
{
	size_t len;
	uint8_t *buf = build(program("cpustat.s"), &len);
	struct ldr_object *o;

	ck_assert_msg(ldr_object_open_memory("cpustat.bo", buf, len, &capture, &o) == 0, "%s", said);
	ck_assert_uint_eq(o->nprogs, 2);
	for (size_t i = 0; i < 2; i++) {
		struct ldr_prog *p = &o->progs[i];
		ck_assert_uint_eq(p->type, BPF_PROG_TYPE_TRACEPOINT);
		ck_assert_int_eq(ldr_prog_relocate(o, p), 0);
		/* 11 slots of its own (four, a two-slot lddw, five), bump's 17 appended */
		ck_assert_uint_eq(p->ninsns, 11 + 17);
		ck_assert_uint_eq(p->insns[8].code, BPF_JMP | BPF_CALL);
		ck_assert_int_eq(p->insns[8].imm, 11 - (8 + 1)); /* the call at slot 8 lands on slot 11 */
	}
	ck_assert_str_eq(o->progs[0].target, "power/cpu_idle");
	ck_assert_str_eq(o->progs[1].target, "power/cpu_frequency");
	ldr_object_close(o);
	free(buf);
}
END_TEST

static uint8_t *good;
static size_t good_len;

/* Random corruption: open, and relocate every program; no crash, whatever comes. */
START_TEST(test_random_corruption)
{
	unsigned seed = 777;
	int read = 0;

	for (int round = 0; round < 2000; round++) {
		uint8_t *b = malloc(good_len);
		struct ldr_object *o;
		memcpy(b, good, good_len);
		for (int k = 0; k < 1 + round % 3; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % good_len] ^= (uint8_t)(1u << (seed % 8));
		}
		said[0] = '\0';
		if (ldr_object_open_memory("x.bo", b, good_len, &capture, &o) == 0) {
			for (size_t i = 0; i < o->nprogs; i++)
				ldr_prog_relocate(o, &o->progs[i]);
			read++;
		}
		ldr_object_close(o);
		free(b);
	}
	ck_assert_int_gt(read, 0);
}
END_TEST

/* A verifier log of the shape kernel 6.18 writes at level 1 (written by hand here): the
 * walk falls through the jump at 2 to 3 and 4 (exit), comes back "from 2 to 5" and fails
 * at 6. The path to 6 is 0 1 2 5 6; 3 and 4 were another path. */
START_TEST(test_log_path)
{
	const char *log = "func#0 @0\n"
			  "0: R1=ctx() R10=fp0\n"
			  "0: (b7) r0 = 0                        ; R0_w=0\n"
			  "1: (61) r2 = *(u32 *)(r1 +0)          ; R2_w=scalar()\n"
			  "; if r2 == 0 goto out @ x.s:7\n"
			  "2: (15) if r2 == 0x0 goto pc+2        ; R2_w=scalar()\n"
			  "3: (b7) r0 = 1                        ; R0_w=1\n"
			  "4: (95) exit\n"
			  "\n"
			  "from 2 to 5: R0=0 R1=ctx() R2=0 R10=fp0\n"
			  "5: R0=0 R1=ctx() R2=0 R10=fp0\n"
			  "5: (bf) r3 = r2                       ; R3_w=0\n"
			  "6: (79) r0 = *(u64 *)(r3 +0)\n"
			  "R3 invalid mem access 'scalar'\n";
	long path[16], want[] = {0, 1, 2, 5, 6};
	size_t n = ldr_log_path(log, path, 16);

	ck_assert_uint_eq(n, 5);
	for (size_t i = 0; i < 5; i++)
		ck_assert_int_eq(path[i], want[i]);
	/* at most max, the last ones */
	ck_assert_uint_eq(ldr_log_path(log, path, 2), 2);
	ck_assert_int_eq(path[0], 5);
	ck_assert_int_eq(path[1], 6);
	ck_assert_uint_eq(ldr_log_path(NULL, path, 16), 0);
	ck_assert_uint_eq(ldr_log_path("from 9 to 1: R10=fp0\n", path, 16), 0);
	ck_assert_uint_gt(ldr_explanation_count(), 40);
}
END_TEST

/* The kernel's BTF is read once per process: a second object gets the same view (the
 * same memory, not a second reading of the file), and it outlives the first object. */
START_TEST(test_kernel_btf_once)
{
	struct ldr_object *a, *b;
	uint8_t *ca = malloc(good_len), *cb = malloc(good_len); /* libelf may write into them */
	const uint8_t *raw;

	ck_assert(ca && cb);
	memcpy(ca, good, good_len);
	memcpy(cb, good, good_len);
	ck_assert_int_eq(ldr_object_open_memory("a.bo", ca, good_len, &capture, &a), 0);
	ck_assert_int_eq(ldr_object_open_memory("b.bo", cb, good_len, &capture, &b), 0);
	ck_assert_msg(ldr_kernel_btf(a) == 0, "this test needs /sys/kernel/btf/vmlinux: %s", said);
	ck_assert_uint_gt(a->kbtf.ntypes, 1000);
	raw = a->kbtf.raw;
	ldr_object_close(a);
	ck_assert_int_eq(ldr_kernel_btf(b), 0);
	ck_assert_ptr_eq(b->kbtf.raw, raw);
	ck_assert_uint_gt(btf_view_find(&b->kbtf, "task_struct", BTF_KIND_STRUCT), 0);
	ldr_object_close(b);
	free(ca);
	free(cb);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("loader");
	TCase *tc = tcase_create("object");
	char tracefs[1024];

	snprintf(tracefs, sizeof(tracefs), "%s/tracefs", SRCDIR);
	tu_use_tracefs(tracefs);
	{
		struct tu_run r;
		tu_assemble_file(&r, program("calls.s"));
		if (r.err || tu_object(&r, &good, &good_len)) {
			fprintf(stderr, "cannot build calls.s:\n%s", r.diags);
			return 1;
		}
		tu_done(&r);
	}
	tcase_add_test(tc, test_link_calls);
	tcase_add_test(tc, test_two_programs_one_subprogram);
	tcase_add_test(tc, test_random_corruption);
	tcase_add_test(tc, test_log_path);
	tcase_add_test(tc, test_kernel_btf_once);
	tcase_set_timeout(tc, 120);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
