/* test_bo.c: the object reader treats its input as hostile. An object assembled from
 * sockex1.s is corrupted one field at a time (fields located with <elf.h>, not with the
 * reader under test); each must be refused with the exact sentence expected. Then many
 * random corruptions: reading and disassembling must never crash. */
#include <check.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bo.h"
#include "disasm.h"
#include "testutil.h"

static uint8_t *good;
static size_t good_len;

static Elf64_Ehdr *ehdr(uint8_t *b) { return (Elf64_Ehdr *)b; }
static Elf64_Shdr *shdr(uint8_t *b, size_t i) { return (Elf64_Shdr *)(b + ehdr(b)->e_shoff) + i; }

static size_t find_section(uint8_t *b, uint32_t type, const char *name)
{
	Elf64_Shdr *strs = shdr(b, ehdr(b)->e_shstrndx);

	for (size_t i = 1; i < ehdr(b)->e_shnum; i++)
		if (shdr(b, i)->sh_type == type &&
		    (!name || !strcmp((char *)b + strs->sh_offset + shdr(b, i)->sh_name, name)))
			return i;
	ck_abort_msg("no section of type %u", type);
	return 0;
}

typedef void (*mutate_fn)(uint8_t *b);

static void m_truncate(uint8_t *b) { (void)b; }
static void m_class32(uint8_t *b) { b[EI_CLASS] = ELFCLASS32; }
static void m_bigendian(uint8_t *b) { b[EI_DATA] = ELFDATA2MSB; }
static void m_machine(uint8_t *b) { ehdr(b)->e_machine = EM_X86_64; }
static void m_exec(uint8_t *b) { ehdr(b)->e_type = ET_EXEC; }
static void m_symtab_entsize(uint8_t *b) { shdr(b, find_section(b, SHT_SYMTAB, NULL))->sh_entsize = 0; }
static void m_symtab_link(uint8_t *b) { shdr(b, find_section(b, SHT_SYMTAB, NULL))->sh_link = find_section(b, SHT_PROGBITS, "socket"); }
static void m_rel_info(uint8_t *b) { shdr(b, find_section(b, SHT_REL, NULL))->sh_info = 99; }
static Elf64_Rel *first_rel(uint8_t *b) { return (Elf64_Rel *)(b + shdr(b, find_section(b, SHT_REL, NULL))->sh_offset); }
static void m_rel_sym(uint8_t *b) { Elf64_Rel *r = first_rel(b); r->r_info = ELF64_R_INFO(99, ELF64_R_TYPE(r->r_info)); }
static void m_rel_type(uint8_t *b) { Elf64_Rel *r = first_rel(b); r->r_info = ELF64_R_INFO(ELF64_R_SYM(r->r_info), 7); }
static void m_rel_offset(uint8_t *b) { first_rel(b)->r_offset = 0x1000; }
static void m_rel_offset_tail(uint8_t *b) { first_rel(b)->r_offset = shdr(b, find_section(b, SHT_PROGBITS, "socket"))->sh_size - 8; }
static Elf64_Sym *last_sym(uint8_t *b) { Elf64_Shdr *s = shdr(b, find_section(b, SHT_SYMTAB, NULL)); return (Elf64_Sym *)(b + s->sh_offset) + s->sh_size / sizeof(Elf64_Sym) - 1; }
static void m_sym_name(uint8_t *b) { last_sym(b)->st_name = 0x7fffff; }
static void m_sym_shndx(uint8_t *b) { last_sym(b)->st_shndx = 50; }
static void m_prog_size(uint8_t *b) { shdr(b, find_section(b, SHT_PROGBITS, "socket"))->sh_size -= 4; }
static void m_shstrndx(uint8_t *b) { ehdr(b)->e_shstrndx = 40; }
static void m_section_beyond(uint8_t *b) { shdr(b, find_section(b, SHT_PROGBITS, "socket"))->sh_offset = 0x100000; }

static const struct {
	const char *what;
	mutate_fn fn;
	size_t len; /* 0: whole object */
	const char *error;
} cases[] = {
	{"truncated", m_truncate, 10, "not an ELF file"},
	{"32-bit", m_class32, 0, "a 32-bit ELF file; BPF objects are ELF64"},
	{"big-endian", m_bigendian, 0, "a big-endian ELF file; only little-endian BPF is supported"},
	{"machine", m_machine, 0, "an ELF file for machine 62, not BPF (247)"},
	{"executable", m_exec, 0, "an ELF file of type 2; a BPF object is relocatable (ET_REL)"},
	{"symtab entsize", m_symtab_entsize, 0, "the symbol table has entries of 0 bytes, not 24"},
	{"symtab link", m_symtab_link, 0, "the symbol table links to section 4, which is not a string table"},
	{"rel info", m_rel_info, 0, "relocation section '.relsocket' applies to section 99, which does not exist"},
	{"rel symbol", m_rel_sym, 0, "relocation 0 of 'socket' names symbol 99, but there are 5 symbols"},
	{"rel type", m_rel_type, 0, "relocation 0 of 'socket' has unknown type 7"},
	{"rel offset", m_rel_offset, 0, "relocation 0 of 'socket' at offset 4096 is outside the section (120 bytes)"},
	{"rel offset tail", m_rel_offset_tail, 0, "relocation 0 of 'socket' at offset 112 is outside the section (120 bytes)"},
	{"symbol name", m_sym_name, 0, "symbol 4 has a name outside the string table"},
	{"symbol section", m_sym_shndx, 0, "symbol 'bpf_prog1' is in section 50, but there are only 9 sections"},
	{"program size", m_prog_size, 0, "program section 'socket' is 116 bytes, not a multiple of 8"},
	{"shstrndx", m_shstrndx, 0, NULL},
	{"section beyond file", m_section_beyond, 0, NULL},
};

START_TEST(test_corrupt_field)
{
	uint8_t *b = malloc(good_len);
	struct bo_object *o = NULL;
	char err[256] = "";
	size_t len = cases[_i].len ? cases[_i].len : good_len;
	int ret;

	memcpy(b, good, good_len);
	cases[_i].fn(b);
	ret = bo_open_memory(b, len, &o, err, sizeof(err));
	ck_assert_msg(ret < 0, "%s: accepted", cases[_i].what);
	if (cases[_i].error)
		ck_assert_str_eq(err, cases[_i].error);
	else
		ck_assert_msg(err[0], "%s: refused without a reason", cases[_i].what);
	free(b);
}
END_TEST

/* Random corruption: open and disassemble whatever the reader accepts; no crash. */
START_TEST(test_random_corruption)
{
	unsigned seed = 12345;
	int accepted = 0;

	for (int round = 0; round < 3000; round++) {
		uint8_t *b = malloc(good_len);
		struct bo_object *o;
		char err[256];
		memcpy(b, good, good_len);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 1103515245u + 12345u;
			b[(seed >> 8) % good_len] ^= (uint8_t)(1u << (seed % 8));
		}
		if (bo_open_memory(b, good_len, &o, err, sizeof(err)) == 0) {
			FILE *f = fopen("/dev/null", "w");
			disasm_object(o, NULL, f);
			fclose(f);
			bo_close(o);
			accepted++;
		}
		free(b);
	}
	ck_assert_int_gt(accepted, 0); /* some flips land in padding or data */
}
END_TEST

START_TEST(test_good_object)
{
	struct bo_object *o;
	char err[256];

	ck_assert_int_eq(bo_open_memory(good, good_len, &o, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(bo_section_by_name(o, "socket"));
	ck_assert_uint_eq(bo_section_by_name(o, "socket")->nrels, 1);
	bo_close(o);
}
END_TEST

int main(int argc, char **argv)
{
	Suite *s = suite_create("bo");
	TCase *tc = tcase_create("reader");
	struct tu_run r;
	int failed;

	tu_assemble_file(&r, argc > 1 ? argv[1] : "../programs/sockex1.s");
	if (r.err || tu_object(&r, &good, &good_len)) {
		fprintf(stderr, "cannot build the sample object:\n%s", r.diags);
		return 1;
	}
	tu_done(&r);
	tcase_add_test(tc, test_good_object);
	tcase_add_loop_test(tc, test_corrupt_field, 0, sizeof(cases) / sizeof(cases[0]));
	tcase_add_test(tc, test_random_corruption);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	failed = tu_run_suite(s);
	free(good);
	return failed ? 1 : 0;
}
