/* test_isa.c: every form in forms.txt assembles to the bytes written there by hand from
 * RFC 9669, and the whole table survives assemble -> disassemble -> assemble. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa.h"
#include "testutil.h"

struct form {
	char text[160];
	uint8_t bytes[16];
	int n;
	int line;
};

static struct form forms[400];
static int nforms;
static char *all_text; /* every form, one per line, for the round trip */

static void load_forms(const char *path)
{
	char *buf = tu_read(path, NULL), *line, *save = NULL;
	size_t cap = 1 << 16, len = 0;
	int lineno = 0;

	if (!buf) {
		perror(path);
		exit(1);
	}
	all_text = calloc(1, cap);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *bar;
		struct form *f;
		lineno++;
		if (line[0] == '#' || !(bar = strstr(line, "=>")))
			continue;
		f = &forms[nforms++];
		*bar = '\0';
		snprintf(f->text, sizeof(f->text), "%s", line);
		f->n = tu_hex(bar + 2, f->bytes, sizeof(f->bytes));
		f->line = lineno;
		len += (size_t)snprintf(all_text + len, cap - len, "%s\n", f->text);
	}
	free(buf);
}

START_TEST(test_form)
{
	struct form *f = &forms[_i];
	struct tu_run r;
	const uint8_t *got;
	size_t len;
	char src[200];

	snprintf(src, sizeof(src), "%s\n", f->text);
	tu_assemble(&r, "form", src);
	ck_assert_msg(r.err == 0, "'%s' did not assemble:\n%s", f->text, r.diags);
	got = asm_section_bytes(r.ctx, ".text", &len);
	ck_assert_msg(len == (size_t)f->n, "'%s': %zu bytes, expected %d", f->text, len, f->n);
	for (int i = 0; i < f->n; i++)
		ck_assert_msg(got[i] == f->bytes[i], "'%s': byte %d is %02x, expected %02x", f->text, i, got[i],
			      f->bytes[i]);
	tu_done(&r);
}
END_TEST

/* Assemble, disassemble, assemble: the instruction bytes must not change. */
START_TEST(test_round_trip_all_forms)
{
	tu_check_round_trip("forms", all_text);
}
END_TEST

/* The disassembler prints each form back in a spelling that the table agrees on. */
START_TEST(test_disassembly_text)
{
	static const struct { const char *in, *out; } cases[] = {
		{"r1 = r2", "r1 = r2"},
		{"w1 s%= w2", "w1 s%= w2"},
		{"r0 = *(u64 *)(r10 - 8)", "r0 = *(u64 *)(r10 - 8)"},
		{"r1 = (s16)r2", "r1 = (s16)r2"},
		{"lock *(u64 *)(r1 + 8) += r2", "lock *(u64 *)(r1 + 8) += r2"},
		{"w2 = atomic_fetch_xor((u32 *)(r1 + 8), w2)", "w2 = atomic_fetch_xor((u32 *)(r1 + 8), w2)"},
		{"call 1", "call bpf_map_lookup_elem"},
		{"r1 = 0x100000000 ll", "r1 = 0x100000000 ll"},
		{"r0 = *(u16 *)skb[r1 + 4]", "r0 = *(u16 *)skb[r1 + 4]"},
		{"r1 = be64 r1", "r1 = be64 r1"},
		{"r1 = bswap32 r1", "r1 = bswap32 r1"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct tu_run r;
		uint8_t *obj;
		size_t len;
		char src[128], *text, want[160];
		snprintf(src, sizeof(src), "%s\n", cases[i].in);
		tu_assemble(&r, "t", src);
		ck_assert_msg(r.err == 0, "%s", r.diags);
		ck_assert_int_eq(tu_object(&r, &obj, &len), 0);
		text = tu_disassemble(obj, len);
		snprintf(want, sizeof(want), "\t%s\n", cases[i].out);
		ck_assert_msg(strstr(text, want), "'%s' disassembled to:\n%s", cases[i].in, text);
		free(text);
		free(obj);
		tu_done(&r);
	}
}
END_TEST

/* Every form of the ISA table has a line in forms.txt (found from the bytes written there
 * by hand, not from what the assembler makes of the text), and every operator word of
 * the table names some form. */
START_TEST(test_every_form_listed)
{
	bool *seen = calloc(isa_nforms, sizeof(*seen));
	char missing[4096] = "";
	size_t mlen = 0;

	for (int i = 0; i < nforms; i++) {
		struct isa_insn in, next;
		int k;
		ck_assert_msg(forms[i].n == 8 || forms[i].n == 16, "forms.txt:%d: %d bytes", forms[i].line, forms[i].n);
		isa_decode(forms[i].bytes, &in);
		if (forms[i].n == 16)
			isa_decode(forms[i].bytes + 8, &next);
		k = isa_form_of(&in, forms[i].n == 16 ? &next : NULL);
		ck_assert_msg(k >= 0, "forms.txt:%d: '%s' is no form of the table", forms[i].line, forms[i].text);
		seen[k] = true;
	}
	for (size_t k = 0; k < isa_nforms; k++)
		if (!seen[k] && mlen < sizeof(missing) - 64)
			mlen += (size_t)snprintf(missing + mlen, sizeof(missing) - mlen, " [%zu] code 0x%02x shape %u", k,
						 isa_forms[k].code, isa_forms[k].shape);
	ck_assert_msg(!mlen, "forms without a line in forms.txt:%s", missing);
	for (size_t r = 0; r < isa_nrows; r++) {
		bool named = isa_rows[r].shape == ISA_SIZE || (isa_rows[r].flags & ISA_F_ALIAS);
		for (size_t k = 0; k < isa_nforms && !named; k++)
			named = isa_forms[k].row == (int)r;
		ck_assert_msg(named, "the word '%s' names no form", isa_rows[r].text);
	}
	free(seen);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("isa");
	TCase *tc = tcase_create("forms");

	load_forms(argc > 1 ? argv[1] : "forms.txt");
	tcase_add_loop_test(tc, test_form, 0, nforms);
	tcase_add_test(tc, test_round_trip_all_forms);
	tcase_add_test(tc, test_disassembly_text);
	tcase_add_test(tc, test_every_form_listed);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
