/* test_asm.c: the assembler beyond single instructions: labels and local labels,
 * BPF-to-BPF calls and their relocations, symbols, data, expressions, directives, the
 * programs under programs/, and the text outputs. Expected offsets and values are worked
 * out by hand in the comments. */
#include <check.h>
#include <dirent.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bo.h"
#include "names.h"
#include "testutil.h"

static const char *srcdir, *progdir;
static char tracefs[1024];

/* Assemble and open the object; the caller closes both. */
static struct bo_object *build(struct tu_run *r, const char *src, uint8_t **obj)
{
	size_t len;
	struct bo_object *o;
	char err[256];

	tu_assemble(r, "t.s", src);
	ck_assert_msg(r->err == 0, "did not assemble:\n%s", r->diags);
	ck_assert_int_eq(tu_object(r, obj, &len), 0);
	ck_assert_msg(bo_open_memory(*obj, len, &o, err, sizeof(err)) == 0, "%s", err);
	return o;
}

static const struct bo_symbol *sym(const struct bo_object *o, const char *name)
{
	for (size_t i = 1; i < o->nsyms; i++)
		if (!strcmp(o->syms[i].name, name))
			return &o->syms[i];
	return NULL;
}

static void insn_at(const struct bo_object *o, const char *sec, size_t slot, uint8_t *out)
{
	const struct bo_section *s = bo_section_by_name(o, sec);

	ck_assert_ptr_nonnull(s);
	ck_assert_uint_gt(s->size, slot * 8);
	memcpy(out, s->data + slot * 8, 8);
}

static int16_t off_of(const uint8_t *b) { return (int16_t)(b[2] | b[3] << 8); }
static int32_t imm_of(const uint8_t *b) { return (int32_t)((uint32_t)b[4] | (uint32_t)b[5] << 8 | (uint32_t)b[6] << 16 | (uint32_t)b[7] << 24); }

START_TEST(test_labels_and_jumps)
{
	struct tu_run r;
	uint8_t *obj, b[8];
	struct bo_object *o = build(&r,
		"start:\n"
		"  if r1 == 0 goto out\n"    /* slot 0 -> slot 4: off 3 */
		"1: r0 = 1\n"                 /* slot 1 */
		"  goto 1f\n"                 /* slot 2 -> slot 4: off 1 */
		"  goto 1b\n"                 /* slot 3 -> slot 1: off -3 */
		"1:\n"
		"out: r0 = 0\n"               /* slot 4 */
		"  gotol start\n"             /* slot 5 -> slot 0: imm -6 */
		"  exit\n", &obj);
	insn_at(o, ".text", 0, b);
	ck_assert_int_eq(off_of(b), 3);
	insn_at(o, ".text", 2, b);
	ck_assert_int_eq(off_of(b), 1);
	insn_at(o, ".text", 3, b);
	ck_assert_int_eq(off_of(b), -3);
	insn_at(o, ".text", 5, b);
	ck_assert_int_eq(imm_of(b), -6);
	ck_assert_int_eq(b[0], 0x06);
	/* plain labels are local symbols (as llvm-mc makes them); numbers stay out */
	ck_assert_ptr_nonnull(sym(o, "out"));
	ck_assert_int_eq(sym(o, "out")->bind, STB_LOCAL);
	for (size_t i = 1; i < o->nsyms; i++)
		ck_assert_msg(o->syms[i].name[0] != '.', "local label %s in the symbol table", o->syms[i].name);
	bo_close(o);
	free(obj);
	tu_done(&r);
}
END_TEST

START_TEST(test_calls_and_relocations)
{
	struct tu_run r;
	uint8_t *obj, b[8];
	struct bo_object *o = build(&r,
		".map counts, hash, key=u32, value=u64, entries=16\n"
		".extern bpf_obj_drop_impl\n"
		".section socket1\n"
		"prog:\n"
		"  call helper_sub\n"          /* slot 0: a local function of .text -> reloc against .text, imm -1 (llvm-mc's form) */
		"  call local\n"               /* slot 1 -> slot 4: imm 2 */
		"  r1 = counts ll\n"           /* slot 2..3: R_BPF_64_64 at 0x10 */
		"local:\n"
		"  call bpf_obj_drop_impl\n"   /* slot 4: kfunc, src 2 */
		"  r2 = msg + 1 ll\n"          /* slot 5..6: .rodata section + 2 */
		"  exit\n"
		".text\n"
		"helper_sub:\n"
		"  r0 = 0\n"
		"  exit\n"
		".section .rodata\n"
		"  .byte 7\n"
		"msg: .asciz \"hi\"\n", &obj);
	const struct bo_section *s = bo_section_by_name(o, "socket1");
	insn_at(o, "socket1", 0, b);
	ck_assert_int_eq(b[1] >> 4, 1);
	ck_assert_int_eq(imm_of(b), -1);
	insn_at(o, "socket1", 1, b);
	ck_assert_int_eq(b[1] >> 4, 1);
	ck_assert_int_eq(imm_of(b), 2);
	insn_at(o, "socket1", 4, b);
	ck_assert_int_eq(b[1] >> 4, 2);
	insn_at(o, "socket1", 5, b);
	ck_assert_int_eq(imm_of(b), 2);
	ck_assert_uint_eq(s->nrels, 4);
	/* sorted by offset: call helper_sub (against .text: it is local), counts, kfunc, .rodata */
	ck_assert_uint_eq(s->rels[0].offset, 0);
	ck_assert_uint_eq(s->rels[0].type, 10);
	ck_assert_int_eq(o->syms[s->rels[0].sym].type, STT_SECTION);
	ck_assert_str_eq(o->secs[o->syms[s->rels[0].sym].shndx].name, ".text");
	ck_assert_uint_eq(s->rels[1].offset, 0x10);
	ck_assert_uint_eq(s->rels[1].type, 1);
	ck_assert_str_eq(o->syms[s->rels[1].sym].name, "counts");
	ck_assert_uint_eq(s->rels[2].offset, 0x20);
	ck_assert_str_eq(o->syms[s->rels[2].sym].name, "bpf_obj_drop_impl");
	ck_assert_uint_eq(s->rels[3].offset, 0x28);
	ck_assert_int_eq(o->syms[s->rels[3].sym].type, STT_SECTION);
	/* the program is a global function spanning its section; the call target a function */
	ck_assert_int_eq(sym(o, "prog")->bind, STB_GLOBAL);
	ck_assert_int_eq(sym(o, "prog")->type, STT_FUNC);
	ck_assert_uint_eq(sym(o, "prog")->size, 8 * 8);
	ck_assert_int_eq(sym(o, "helper_sub")->type, STT_FUNC);
	ck_assert_uint_eq(sym(o, "helper_sub")->size, 16);
	ck_assert_int_eq(sym(o, "counts")->type, STT_OBJECT);
	ck_assert_uint_eq(sym(o, "counts")->size, 32);
	ck_assert_int_eq(sym(o, "local")->type, STT_NOTYPE); /* libbpf would split the program here */
	bo_close(o);
	free(obj);
	tu_done(&r);
}
END_TEST

START_TEST(test_data_and_expressions)
{
	struct tu_run r;
	uint8_t *obj;
	struct bo_object *o = build(&r,
		".equ SIX, TWO * 3\n"          /* forward reference to .set below */
		".set TWO, 2\n"
		".struct pair, a:u8, b:u32, c:u16[3]\n"  /* a@0, b@4, c@8, size 16 (align 4) */
		".enum color:1, RED, GREEN=5, BLUE\n"     /* 0, 5, 6 */
		".data\n"
		"d: .byte SIX, pair.b, pair.c, sizeof(pair)\n"
		"   .short -1\n"
		"   .long BLUE | 0x100, GREEN\n"
		"   .quad d\n"                  /* ABS64 against .data + 0 */
		"   .zero 2, 0xaa\n"
		"   .ascii \"a\\tb\"\n"
		".text\n"
		"r0 = color.RED + RED\n"
		"exit\n", &obj);
	const struct bo_section *s = bo_section_by_name(o, ".data");
	static const uint8_t want[] = {6, 4, 8, 16, 0xff, 0xff, 0x06, 0x01, 0, 0, 5, 0, 0, 0,
				       0, 0, 0, 0, 0, 0, 0, 0, 0xaa, 0xaa, 'a', '\t', 'b'};
	ck_assert_uint_eq(s->size, sizeof(want));
	ck_assert_mem_eq(s->data, want, sizeof(want));
	ck_assert_uint_eq(s->nrels, 1);
	ck_assert_uint_eq(s->rels[0].offset, 14);
	ck_assert_uint_eq(s->rels[0].type, 2);
	bo_close(o);
	free(obj);
	tu_done(&r);
}
END_TEST

START_TEST(test_include_and_define)
{
	struct tu_run r;
	char path[512];
	const uint8_t *b;
	size_t len;

	snprintf(path, sizeof(path), "%s/inc/main.s", srcdir);
	tu_assemble_file(&r, path);
	ck_assert_msg(r.err == 0, "%s", r.diags);
	b = asm_section_bytes(r.ctx, ".text", &len);
	/* inc/defs.s says VALUE = 42; main.s loads it, then exits */
	ck_assert_uint_eq(len, 16);
	ck_assert_int_eq(b[0], 0xb7);
	ck_assert_int_eq(b[4], 42);
	ck_assert_int_eq(b[8], 0x95);
	tu_done(&r);

	r.ctx = asm_new(NULL);
	ck_assert_int_eq(asm_define(r.ctx, "LIMIT", 1000), 0);
	ck_assert_int_eq(asm_assemble_buffer(r.ctx, "d.s", "if r1 > LIMIT goto +0\n", 22), 0);
	b = asm_section_bytes(r.ctx, ".text", &len);
	ck_assert_int_eq(imm_of(b), 1000);
	asm_free(r.ctx);
}
END_TEST

/* Every program under programs/ assembles cleanly and survives the round trip. */
START_TEST(test_programs)
{
	DIR *d = opendir(progdir);
	struct dirent *e;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char path[1024], *src;
		struct tu_run a;
		if (l < 3 || strcmp(e->d_name + l - 2, ".s"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", progdir, e->d_name);
		tu_assemble_file(&a, path);
		ck_assert_msg(a.err == 0 && !a.diags_len, "%s:\n%s", path, a.diags);
		tu_done(&a);
		src = tu_read(path, NULL);
		tu_check_round_trip(path, src);
		free(src);
		n++;
	}
	closedir(d);
	ck_assert_int_ge(n, 1);
}
END_TEST

START_TEST(test_text_outputs)
{
	struct tu_run r;
	char *out = NULL;
	size_t len = 0;
	FILE *f;

	tu_assemble(&r, "o.s", "r0 = 1\nexit\n");
	ck_assert_int_eq(r.err, 0);
	f = open_memstream(&out, &len);
	ck_assert_int_eq(asm_write_hex(r.ctx, f), 0);
	fclose(f);
	ck_assert_str_eq(out, "b7 00 00 00 01 00 00 00\n95 00 00 00 00 00 00 00\n");
	free(out);
	f = open_memstream(&out, &len);
	ck_assert_int_eq(asm_write_listing(r.ctx, f), 0);
	fclose(f);
	ck_assert_str_eq(out, "section .text:\n"
			      "    0  b7 00 00 00 01 00 00 00  o.s:1: r0 = 1\n"
			      "    1  95 00 00 00 00 00 00 00  o.s:2: exit\n");
	free(out);
	f = open_memstream(&out, &len);
	ck_assert_int_eq(asm_write_c(r.ctx, f), 0);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(out, "{ .code = 0xb7, .dst_reg = 0, .src_reg = 0, .off = 0, .imm = 1 }, /* r0 = 1 */"));
	free(out);
	f = open_memstream(&out, &len);
	ck_assert_int_eq(asm_write_raw(r.ctx, f), 0);
	fclose(f);
	ck_assert_uint_eq(len, 16);
	free(out);
	tu_done(&r);
}
END_TEST

/* Diagnostics are collected, sorted by position and all reported in one run. */
START_TEST(test_all_errors_reported)
{
	struct tu_run r;

	tu_assemble(&r, "e.s", "goto nowhere\nr11 = 1\nr1 = 0x100000000\nexit\n");
	ck_assert_int_ne(r.err, 0);
	ck_assert_uint_eq(asm_errors(r.ctx), 3);
	ck_assert_ptr_nonnull(strstr(r.diags, "e.s:1:6: error: unknown label 'nowhere'"));
	ck_assert_ptr_nonnull(strstr(r.diags, "e.s:2:1: error: 'r11' is not a register"));
	ck_assert_ptr_nonnull(strstr(r.diags, "e.s:3:6: error: 0x100000000 does not fit"));
	ck_assert(strstr(r.diags, "e.s:1:") < strstr(r.diags, "e.s:2:"));
	tu_done(&r);
}
END_TEST

/* `;` first on a line is a comment, elsewhere a separator; verifier prefixes may be
 * indented (bpftool indents them); keywords and registers ignore case. */
START_TEST(test_lexical)
{
	struct tu_run r;
	const uint8_t *b;
	size_t len;
	static const uint8_t want[] = {
		0xb7, 0x01, 0, 0, 1, 0, 0, 0,   /* r1 = 1 */
		0xb7, 0x02, 0, 0, 2, 0, 0, 0,   /* r2 = 2 */
		0xbf, 0x61, 0, 0, 0, 0, 0, 0,   /* r1 = r6 (from "   3: (bf) r1 = r6") */
		0xb7, 0x03, 0, 0, 3, 0, 0, 0,   /* R3 = 3 */
		0x95, 0, 0, 0, 0, 0, 0, 0,      /* EXIT */
	};

	tu_assemble(&r, "lex.s",
		    "; int x = 1;  (a source line as the verifier prints it)\n"
		    "r1 = 1; r2 = 2   // two statements\n"
		    "   ; indented comment\n"
		    "   3: (bf) r1 = r6\n"
		    "\tR3 = 3 /* a comment\n spanning lines */\n"
		    "EXIT # done, and a comment in UTF-8: 计数 ünïcode\n"
		    "# bytes above 0x7f anywhere in a comment: \xff\xfe\x80\n");
	ck_assert_msg(r.err == 0, "%s", r.diags);
	b = asm_section_bytes(r.ctx, ".text", &len);
	ck_assert_uint_eq(len, sizeof(want));
	ck_assert_mem_eq(b, want, sizeof(want));
	tu_done(&r);
}
END_TEST

/* .tracepoint against the saved format files in tests/tracefs: offsets as the files say
 * (raw_syscalls/sys_enter: id at 8, args[6] at 16, 64 bytes in all). */
/* The "did you mean" search (a banded edit distance that gives up early) picks what a
 * plain full-table edit distance picks: the first nearest candidate within the limit for
 * the word's length (1 below 4 characters, 2 below 8, else 3), on random words. */
static unsigned full_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned d[40][40];

	for (size_t i = 0; i <= la; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++)
		for (size_t j = 1; j <= lb; j++) {
			unsigned x = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1 < x)
				x = d[i - 1][j] + 1;
			if (d[i][j - 1] + 1 < x)
				x = d[i][j - 1] + 1;
			d[i][j] = x;
		}
	return d[la][lb];
}

START_TEST(test_near_names)
{
	static char words[30][24];
	unsigned seed = 12345;

	for (int round = 0; round < 20000; round++) {
		char word[24];
		struct names_near n;
		const char *want = NULL;
		unsigned best = ~0u, limit;
		int len = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 14;
		for (int i = 0; i < len; i++)
			word[i] = (char)('a' + ((seed = seed * 1103515245 + 12345) >> 16) % 3);
		word[len] = 0;
		limit = len < 4 ? 1 : len < 8 ? 2 : 3;
		for (int k = 0; k < 30; k++) { /* candidates: the word with a few random edits */
			int cl = 0;
			for (int i = 0; i < len && cl < 22; i++) {
				unsigned r = ((seed = seed * 1103515245 + 12345) >> 16) % 12;
				if (r == 0)
					continue; /* delete */
				words[k][cl++] = r == 1 ? 'c' : word[i]; /* substitute, or keep */
				if (r == 2 && cl < 22)
					words[k][cl++] = 'b'; /* insert */
			}
			words[k][cl] = 0;
		}
		names_near_init(&n);
		for (int k = 0; k < 30; k++) {
			unsigned d = full_distance(word, words[k]);
			names_near_try(&n, word, words[k]);
			if (d < best)
				best = d, want = words[k];
		}
		if (best > limit)
			want = NULL;
		ck_assert_msg(names_near_result(&n, word) == want, "word %s: got %s, want %s", word,
			      names_near_result(&n, word) ? names_near_result(&n, word) : "none", want ? want : "none");
	}
}
END_TEST

START_TEST(test_tracepoint_directive)
{
	struct tu_run r;
	struct bo_object *o;
	uint8_t *obj, b[8];

	o = build(&r,
		  ".tracepoint raw_syscalls/sys_enter\n"
		  "p:\tr2 = *(u64 *)(r1 + sys_enter.id)\n"
		  "\tr3 = *(u64 *)(r1 + sys_enter.args)\n"
		  "\tr4 = sizeof(sys_enter)\n"
		  "\tr5 = *(s32 *)(r1 + sys_enter.common_pid)\n"
		  "\texit\n", &obj);
	ck_assert_ptr_nonnull(bo_section_by_name(o, "tracepoint/raw_syscalls/sys_enter"));
	insn_at(o, "tracepoint/raw_syscalls/sys_enter", 0, b);
	ck_assert_int_eq(off_of(b), 8);
	insn_at(o, "tracepoint/raw_syscalls/sys_enter", 1, b);
	ck_assert_int_eq(off_of(b), 16);
	insn_at(o, "tracepoint/raw_syscalls/sys_enter", 2, b);
	ck_assert_int_eq(imm_of(b), 64);
	insn_at(o, "tracepoint/raw_syscalls/sys_enter", 3, b);
	ck_assert_int_eq(off_of(b), 4);
	bo_close(o);
	free(obj);
	tu_done(&r);

	tu_assemble(&r, "t.s", ".tracepoint power/no_such_event\n");
	ck_assert_int_ne(r.err, 0);
	ck_assert_ptr_nonnull(strstr(r.diags, "no tracepoint power/no_such_event: none of "));
	ck_assert_ptr_nonnull(strstr(r.diags, "tracefs/events/power/no_such_event/format"));
	tu_done(&r);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("asm");
	TCase *tc = tcase_create("asm");

	srcdir = argc > 1 ? argv[1] : ".";
	progdir = argc > 2 ? argv[2] : "../programs";
	snprintf(tracefs, sizeof(tracefs), "%s/tracefs", srcdir);
	tu_use_tracefs(tracefs); /* programs with .tracepoint assemble without a mounted tracefs */
	tcase_add_test(tc, test_labels_and_jumps);
	tcase_add_test(tc, test_calls_and_relocations);
	tcase_add_test(tc, test_data_and_expressions);
	tcase_add_test(tc, test_include_and_define);
	tcase_add_test(tc, test_programs);
	tcase_add_test(tc, test_text_outputs);
	tcase_add_test(tc, test_all_errors_reported);
	tcase_add_test(tc, test_lexical);
	tcase_add_test(tc, test_tracepoint_directive);
	tcase_add_test(tc, test_near_names);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
