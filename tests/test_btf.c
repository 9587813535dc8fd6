/* test_btf.c: the BTF and .BTF.ext bpfas writes, decoded here by a small reader of the
 * test's own (written from the kernel's btf.rst, not sharing code with asm/btf.c): type
 * kinds, names, sizes, member offsets, the string table, func_info and line_info. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "bo.h"
#include "btf.h"
#include "testutil.h"

/* --- the test's own BTF decoder ---------------------------------------------------- */

struct t_type {
	uint32_t name, info, size_type;
	const uint32_t *extra;
};

struct t_btf {
	const uint8_t *raw;
	const char *strs;
	uint32_t strs_len;
	struct t_type types[512];
	uint32_t n; /* ids 1..n-1 */
};

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned kind(const struct t_type *t) { return (t->info >> 24) & 0x1f; }
static unsigned vlen(const struct t_type *t) { return t->info & 0xffff; }

static void t_decode(struct t_btf *b, const uint8_t *p, size_t len)
{
	uint32_t hdr_len, type_off, type_len, str_off, str_len, off = 0;

	ck_assert_uint_ge(len, 24);
	ck_assert_uint_eq(p[0] | p[1] << 8, 0xeb9f); /* magic */
	ck_assert_uint_eq(p[2], 1);                  /* version */
	hdr_len = rd32(p + 4);
	type_off = rd32(p + 8), type_len = rd32(p + 12), str_off = rd32(p + 16), str_len = rd32(p + 20);
	ck_assert_uint_eq(hdr_len, 24);
	ck_assert_uint_eq(hdr_len + type_off + type_len, hdr_len + str_off);
	ck_assert_uint_eq(hdr_len + str_off + str_len, len);
	b->raw = p;
	b->strs = (const char *)p + hdr_len + str_off;
	b->strs_len = str_len;
	ck_assert_int_eq(b->strs[0], 0);
	ck_assert_int_eq(b->strs[str_len - 1], 0);
	b->n = 1;
	while (off < type_len) {
		const uint8_t *t = p + hdr_len + type_off + off;
		struct t_type *ty = &b->types[b->n++];
		unsigned words;
		ty->name = rd32(t), ty->info = rd32(t + 4), ty->size_type = rd32(t + 8);
		ty->extra = (const uint32_t *)(t + 12);
		switch (kind(ty)) {
		case 1: case 14: words = 1; break;                   /* INT, VAR */
		case 3: words = 3; break;                            /* ARRAY */
		case 4: case 5: case 15: words = 3 * vlen(ty); break; /* STRUCT, UNION, DATASEC */
		case 6: case 13: words = 2 * vlen(ty); break;        /* ENUM, FUNC_PROTO */
		default: words = 0;                                  /* PTR, TYPEDEF, FUNC, ... */
		}
		ck_assert_uint_lt(ty->name, str_len);
		off += 12 + 4 * words;
		ck_assert_uint_le(off, type_len);
		ck_assert_uint_lt(b->n, 512);
	}
}

static const char *t_name(const struct t_btf *b, uint32_t off) { return b->strs + off; }

static uint32_t t_find(const struct t_btf *b, unsigned k, const char *name)
{
	for (uint32_t i = 1; i < b->n; i++)
		if (kind(&b->types[i]) == k && !strcmp(t_name(b, b->types[i].name), name))
			return i;
	ck_abort_msg("no BTF %u named %s", k, name);
	return 0;
}

/* member `name` of a STRUCT: its type and bit offset */
static uint32_t t_member(const struct t_btf *b, uint32_t id, const char *name, uint32_t *bits)
{
	const struct t_type *t = &b->types[id];

	ck_assert_uint_eq(kind(t), 4);
	for (unsigned i = 0; i < vlen(t); i++)
		if (!strcmp(t_name(b, t->extra[3 * i]), name)) {
			*bits = t->extra[3 * i + 2];
			return t->extra[3 * i + 1];
		}
	ck_abort_msg("no member %s", name);
	return 0;
}

/* Follow PTR/TYPEDEF chain, checking each step's kind and name ("" for none). */
static uint32_t t_chain(const struct t_btf *b, uint32_t id, const char *const *steps)
{
	for (; *steps; steps += 2) {
		const struct t_type *t = &b->types[id];
		unsigned want = !strcmp(steps[0], "PTR") ? 2 : !strcmp(steps[0], "TYPEDEF") ? 8 : !strcmp(steps[0], "INT") ? 1
			      : !strcmp(steps[0], "ARRAY") ? 3 : !strcmp(steps[0], "STRUCT") ? 4 : !strcmp(steps[0], "ENUM") ? 6 : 0;
		ck_assert_msg(kind(t) == want, "type %u is kind %u, expected %s", id, kind(t), steps[0]);
		ck_assert_str_eq(t_name(b, t->name), steps[1]);
		if (want == 2 || want == 8)
			id = t->size_type;
		else if (want == 3)
			return id;
	}
	return id;
}

static uint32_t array_nelems(const struct t_btf *b, uint32_t ptr)
{
	const char *steps[] = {"PTR", "", "ARRAY", "", NULL};
	uint32_t a = t_chain(b, ptr, steps);
	return b->types[a].extra[2];
}

/* --- the object under test ----------------------------------------------------------- */

static const char *src =
	".struct pair, a:u32, b:u64\n"                                                      /* 1 */
	".map m1, hash, key=u32, value=u64, entries=16\n"                                   /* 2 */
	".map m2, hash, key=u16, value=pair, entries=8, flags=BPF_F_NO_PREALLOC\n"          /* 3 */
	".enum color, RED=1, BLUE=2\n"                                                      /* 4 */
	".map m3, array, key=color, value=s32, entries=4\n"                                 /* 5 */
	".data\n"                                                                           /* 6 */
	"counter: .long 0\n"                                                                /* 7 */
	".section xdp\n"                                                                    /* 8 */
	"prog:  r0 = XDP_PASS\n"                                                            /* 9 */
	"       call sub\n"                                                                 /* 10 */
	"       r1 = 0x100000000 ll\n"                                                      /* 11 */
	"\texit\n"                                                                          /* 12 */
	".text\n"                                                                           /* 13 */
	"sub:   r0 = 0\n"                                                                   /* 14 */
	"       exit\n";                                                                    /* 15 */

static struct bo_object *obj;
static uint8_t *objbuf;
static struct t_btf btf;

static void setup(void)
{
	struct tu_run r;
	size_t len;
	char err[256];
	const struct bo_section *s;

	tu_assemble(&r, "t.s", src);
	ck_assert_msg(r.err == 0, "%s", r.diags);
	ck_assert_int_eq(tu_object(&r, &objbuf, &len), 0);
	tu_done(&r);
	ck_assert_int_eq(bo_open_memory(objbuf, len, &obj, err, sizeof(err)), 0);
	s = bo_section_by_name(obj, ".BTF");
	ck_assert_ptr_nonnull(s);
	t_decode(&btf, s->data, s->size);
}

static void teardown(void)
{
	bo_close(obj);
	free(objbuf);
}

START_TEST(test_map_u32_u64)
{
	uint32_t var = t_find(&btf, 14, "m1"), st = btf.types[var].size_type, bits, m;
	static const char *const key[] = {"PTR", "", "TYPEDEF", "__u32", "INT", "unsigned int", NULL};
	static const char *const val[] = {"PTR", "", "TYPEDEF", "__u64", "INT", "unsigned long long", NULL};

	ck_assert_uint_eq(btf.types[var].extra[0], 1); /* linkage: global */
	ck_assert_uint_eq(kind(&btf.types[st]), 4);
	ck_assert_uint_eq(btf.types[st].size_type, 32);
	ck_assert_uint_eq(vlen(&btf.types[st]), 4);
	m = t_member(&btf, st, "type", &bits);
	ck_assert_uint_eq(bits, 0);
	ck_assert_uint_eq(array_nelems(&btf, m), 1); /* BPF_MAP_TYPE_HASH */
	m = t_member(&btf, st, "key", &bits);
	ck_assert_uint_eq(bits, 64);
	m = t_chain(&btf, m, key);
	ck_assert_uint_eq(btf.types[m].size_type, 4);
	ck_assert_uint_eq(btf.types[m].extra[0] >> 24, 0); /* not signed */
	m = t_member(&btf, st, "value", &bits);
	ck_assert_uint_eq(bits, 128);
	m = t_chain(&btf, m, val);
	ck_assert_uint_eq(btf.types[m].size_type, 8);
	m = t_member(&btf, st, "max_entries", &bits);
	ck_assert_uint_eq(bits, 192);
	ck_assert_uint_eq(array_nelems(&btf, m), 16);
}
END_TEST

START_TEST(test_map_struct_value_and_flags)
{
	uint32_t st = btf.types[t_find(&btf, 14, "m2")].size_type, bits, m, pair;
	static const char *const val[] = {"PTR", "", "STRUCT", "pair", NULL};

	ck_assert_uint_eq(btf.types[st].size_type, 40);
	m = t_member(&btf, st, "map_flags", &bits);
	ck_assert_uint_eq(bits, 256);
	ck_assert_uint_eq(array_nelems(&btf, m), 1); /* BPF_F_NO_PREALLOC */
	pair = t_chain(&btf, t_member(&btf, st, "value", &bits), val);
	ck_assert_uint_eq(btf.types[pair].size_type, 16);
	t_member(&btf, pair, "a", &bits);
	ck_assert_uint_eq(bits, 0);
	t_member(&btf, pair, "b", &bits);
	ck_assert_uint_eq(bits, 64);
}
END_TEST

START_TEST(test_array_enum_key)
{
	uint32_t st = btf.types[t_find(&btf, 14, "m3")].size_type, bits, e;
	/* the kernel wants an array's key to be a 32-bit INT: a typedef named after the enum */
	static const char *const key[] = {"PTR", "", "TYPEDEF", "color", "TYPEDEF", "__u32", "INT", "unsigned int", NULL};

	t_chain(&btf, t_member(&btf, st, "key", &bits), key);
	e = t_find(&btf, 6, "color");
	ck_assert_uint_eq(btf.types[e].size_type, 4);
	ck_assert_uint_eq(vlen(&btf.types[e]), 2);
	ck_assert_str_eq(t_name(&btf, btf.types[e].extra[0]), "RED");
	ck_assert_uint_eq(btf.types[e].extra[1], 1);
	ck_assert_str_eq(t_name(&btf, btf.types[e].extra[2]), "BLUE");
	ck_assert_uint_eq(btf.types[e].extra[3], 2);
}
END_TEST

START_TEST(test_datasecs)
{
	uint32_t maps = t_find(&btf, 15, ".maps"), data = t_find(&btf, 15, ".data"), v;
	const struct t_type *t = &btf.types[maps];

	ck_assert_uint_eq(vlen(t), 3);
	ck_assert_uint_eq(t->size_type, 32 + 40 + 32);
	ck_assert_uint_eq(t->extra[1], 0);
	ck_assert_uint_eq(t->extra[4], 32);
	ck_assert_uint_eq(t->extra[5], 40);
	ck_assert_uint_eq(t->extra[7], 72);
	t = &btf.types[data];
	ck_assert_uint_eq(vlen(t), 1);
	ck_assert_uint_eq(t->size_type, 4);
	v = t->extra[0];
	ck_assert_str_eq(t_name(&btf, btf.types[v].name), "counter");
	ck_assert_uint_eq(btf.types[v].extra[0], 0); /* a local label: static */
	ck_assert_uint_eq(t->extra[2], 4);
}
END_TEST

START_TEST(test_funcs)
{
	uint32_t f = t_find(&btf, 12, "prog"), s = t_find(&btf, 12, "sub"), proto, bits;
	static const char *const arg[] = {"PTR", "", "STRUCT", "xdp_md", NULL};
	uint32_t ctx;

	ck_assert_uint_eq(vlen(&btf.types[f]), 1); /* global */
	ck_assert_uint_eq(vlen(&btf.types[s]), 0); /* static */
	proto = btf.types[f].size_type;
	ck_assert_uint_eq(kind(&btf.types[proto]), 13);
	ck_assert_uint_eq(vlen(&btf.types[proto]), 1);
	ck_assert_str_eq(t_name(&btf, btf.types[proto].extra[0]), "ctx");
	ctx = t_chain(&btf, btf.types[proto].extra[1], arg);
	ck_assert_uint_eq(btf.types[ctx].size_type, 24);
	t_member(&btf, ctx, "data_end", &bits);
	ck_assert_uint_eq(bits, 32);
	ck_assert_str_eq(t_name(&btf, btf.types[btf.types[proto].size_type].name), "int");
}
END_TEST

/* .BTF.ext: func_info per section; a line_info record per instruction, ascending. */
START_TEST(test_ext)
{
	const struct bo_section *x = bo_section_by_name(obj, ".BTF.ext");
	const uint8_t *p;
	uint32_t hdr, foff, flen, loff, llen, off;
	int xdp_lines = 0;
	static const struct { uint32_t insn_off, line, col; const char *text; } want[] = {
		{0, 9, 8, "prog:  r0 = XDP_PASS"}, {8, 10, 8, "call sub"}, {16, 11, 8, "r1 = 0x100000000 ll"},
		{32, 12, 2, "exit"},
	};

	ck_assert_ptr_nonnull(x);
	p = x->data;
	ck_assert_uint_eq(p[0] | p[1] << 8, 0xeb9f);
	hdr = rd32(p + 4), foff = rd32(p + 8), flen = rd32(p + 12), loff = rd32(p + 16), llen = rd32(p + 20);
	ck_assert_uint_eq(hdr, 32);
	ck_assert_uint_eq(hdr + loff + llen, x->size);
	/* func_info: rec size 8; xdp: prog at 0; .text: sub at 0 */
	ck_assert_uint_eq(rd32(p + hdr + foff), 8);
	off = hdr + foff + 4;
	ck_assert_str_eq(t_name(&btf, rd32(p + off)), "xdp");
	ck_assert_uint_eq(rd32(p + off + 4), 1);
	ck_assert_uint_eq(rd32(p + off + 8), 0);
	ck_assert_uint_eq(rd32(p + off + 12), t_find(&btf, 12, "prog"));
	off += 16;
	ck_assert_str_eq(t_name(&btf, rd32(p + off)), ".text");
	ck_assert_uint_eq(rd32(p + off + 12), t_find(&btf, 12, "sub"));
	ck_assert_uint_eq(off + 16, hdr + foff + flen);
	/* line_info: rec size 16 */
	ck_assert_uint_eq(rd32(p + hdr + loff), 16);
	off = hdr + loff + 4;
	while (off < hdr + loff + llen) {
		const char *sec = t_name(&btf, rd32(p + off));
		uint32_t n = rd32(p + off + 4), prev = 0;
		off += 8;
		for (uint32_t i = 0; i < n; i++, off += 16) {
			uint32_t insn = rd32(p + off), lc = rd32(p + off + 12);
			ck_assert_str_eq(t_name(&btf, rd32(p + off + 4)), "t.s");
			if (i)
				ck_assert_uint_gt(insn, prev);
			prev = insn;
			if (strcmp(sec, "xdp"))
				continue;
			ck_assert_uint_lt(i, 4);
			ck_assert_uint_eq(insn, want[i].insn_off); /* the lddw's second slot has none */
			ck_assert_uint_eq(lc >> 10, want[i].line);
			ck_assert_uint_eq(lc & 0x3ff, want[i].col);
			ck_assert_str_eq(t_name(&btf, rd32(p + off + 8)), want[i].text);
			xdp_lines++;
		}
	}
	ck_assert_int_eq(xdp_lines, 4);
}
END_TEST

/* --no-btf, and a source that brings its own .BTF, get none generated. */
START_TEST(test_no_btf)
{
	struct asm_ctx *ctx = asm_new(&(struct asm_options){.no_btf = true});
	uint8_t *o;
	size_t len;
	struct bo_object *b;
	char err[128];
	struct tu_run r = {.ctx = ctx};

	ck_assert_int_eq(asm_assemble_buffer(ctx, "n.s", src, strlen(src)), 0);
	ck_assert_int_eq(tu_object(&r, &o, &len), 0);
	ck_assert_int_eq(bo_open_memory(o, len, &b, err, sizeof(err)), 0);
	ck_assert_ptr_null(bo_section_by_name(b, ".BTF"));
	ck_assert_ptr_null(bo_section_by_name(b, ".BTF.ext"));
	bo_close(b);
	free(o);
	asm_free(ctx);
}
END_TEST

/* numa_node, pinning and map_extra become members as libbpf reads them. */
START_TEST(test_map_other_fields)
{
	static const char *s = ".map pm, hash, key=u32, value=u64, entries=4, pinning=by_name, numa_node=0\n"
			       ".map bf, bloom_filter, value=u32, entries=64, map_extra=3\n";
	struct tu_run r;
	struct bo_object *o;
	struct t_btf b2;
	uint8_t *buf;
	size_t len;
	char err[128];
	uint32_t st, bits;

	tu_assemble(&r, "m.s", s);
	ck_assert_msg(r.err == 0, "%s", r.diags);
	ck_assert_int_eq(tu_object(&r, &buf, &len), 0);
	ck_assert_int_eq(bo_open_memory(buf, len, &o, err, sizeof(err)), 0);
	t_decode(&b2, bo_section_by_name(o, ".BTF")->data, bo_section_by_name(o, ".BTF")->size);
	st = b2.types[t_find(&b2, 14, "pm")].size_type;
	ck_assert_uint_eq(array_nelems(&b2, t_member(&b2, st, "pinning", &bits)), 1); /* LIBBPF_PIN_BY_NAME */
	ck_assert_uint_eq(bits, 320);
	ck_assert_uint_eq(array_nelems(&b2, t_member(&b2, st, "numa_node", &bits)), 0);
	st = b2.types[t_find(&b2, 14, "bf")].size_type;
	ck_assert_uint_eq(array_nelems(&b2, t_member(&b2, st, "type", &bits)), 30); /* BPF_MAP_TYPE_BLOOM_FILTER */
	ck_assert_uint_eq(array_nelems(&b2, t_member(&b2, st, "map_extra", &bits)), 3);
	bo_close(o);
	free(buf);
	tu_done(&r);
}
END_TEST

/* A tracepoint program's context is the event's record, from its format file. */
START_TEST(test_tracepoint_ctx)
{
	char dir[1024];
	struct asm_ctx *ctx;
	struct tu_run r;
	struct bo_object *o;
	struct t_btf b2;
	uint8_t *buf;
	size_t len;
	char err[128];
	uint32_t proto, st, bits;
	static const char *const arg[] = {"PTR", "", "STRUCT", "cpu_frequency", NULL};
	static const char *s = ".license \"GPL\"\n.tracepoint power/cpu_frequency\nprog:\n\tr0 = 0\n\texit\n";

	snprintf(dir, sizeof(dir), "%s/tracefs", SRCDIR);
	ctx = asm_new(&(struct asm_options){.tracefs = dir});
	r.ctx = ctx;
	ck_assert_int_eq(asm_assemble_buffer(ctx, "tp.s", s, strlen(s)), 0);
	ck_assert_int_eq(tu_object(&r, &buf, &len), 0);
	ck_assert_int_eq(bo_open_memory(buf, len, &o, err, sizeof(err)), 0);
	t_decode(&b2, bo_section_by_name(o, ".BTF")->data, bo_section_by_name(o, ".BTF")->size);
	proto = b2.types[t_find(&b2, 12, "prog")].size_type;
	st = t_chain(&b2, b2.types[proto].extra[1], arg);
	ck_assert_uint_eq(b2.types[st].size_type, 16);
	t_member(&b2, st, "state", &bits);
	ck_assert_uint_eq(bits, 64);
	t_member(&b2, st, "cpu_id", &bits);
	ck_assert_uint_eq(bits, 96);
	t_member(&b2, st, "common_pid", &bits);
	ck_assert_uint_eq(bits, 32);
	bo_close(o);
	free(buf);
	asm_free(ctx);
}
END_TEST

/* The BTF reader refuses damaged blobs with a reason (and, under ASan, touches nothing
 * it freed): a header length that is not a multiple of 4, and an unknown type kind. */
START_TEST(test_corrupt_btf)
{
	const struct bo_section *s = bo_section_by_name(obj, ".BTF");
	uint8_t *b = malloc(s->size + 4);
	struct btf_view v;
	char err[200];
	uint32_t hdr;

	memcpy(b, s->data, s->size);
	hdr = 25;
	memcpy(b + 4, &hdr, 4);
	ck_assert_int_eq(btf_view_open(&v, b, s->size, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, ".BTF header length 25 is wrong");
	memcpy(b, s->data, s->size);
	b[24 + 7] = 0x1f; /* the first type's kind byte: kind 31 */
	ck_assert_int_eq(btf_view_open(&v, b, s->size, err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "BTF type 1 has unknown kind 31");
	free(b);
}
END_TEST

/* Sizes of types untrusted BTF can make: an array of itself, an array of a typedef of
 * itself, and arrays whose sizes multiply past 63 bits: -1, not a crash or an overflow;
 * and an honest nest, u32[3][5] = 60 bytes. */
START_TEST(test_size_of_bad_arrays)
{
	struct btfb b;
	struct btf_view v;
	uint8_t *raw;
	size_t len;
	char err[200];
	uint32_t u32, self, loop_arr, big, nest;

	btfb_init(&b);
	u32 = btfb_int(&b, "u32", 4, 0);                          /* 1 */
	self = btfb_array(&b, 2, u32, 4);                          /* 2: elements of type 2 */
	loop_arr = btfb_array(&b, 4, u32, 2);                      /* 3: elements of 4 */
	btfb_ref(&b, BTF_KIND_TYPEDEF, "t", 3);                    /* 4: typedef of 3 */
	big = btfb_array(&b, btfb_array(&b, u32, u32, 0x80000000u), u32, 0x80000000u); /* 6 of 5 */
	nest = btfb_array(&b, btfb_array(&b, u32, u32, 5), u32, 3);                   /* 8 of 7 */
	ck_assert_int_eq(btfb_finish(&b, &raw, &len), 0);
	ck_assert_int_eq(btf_view_open(&v, raw, len, err, sizeof(err)), 0);
	ck_assert_int_eq(btf_view_size(&v, self), -1);
	ck_assert_int_eq(btf_view_size(&v, loop_arr), -1);
	ck_assert_int_eq(btf_view_size(&v, big), -1);
	ck_assert_int_eq(btf_view_size(&v, nest), 60);
	btf_view_close(&v);
	free(raw);
	btfb_free(&b);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("btf");
	TCase *tc = tcase_create("btf");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_map_u32_u64);
	tcase_add_test(tc, test_map_struct_value_and_flags);
	tcase_add_test(tc, test_array_enum_key);
	tcase_add_test(tc, test_datasecs);
	tcase_add_test(tc, test_funcs);
	tcase_add_test(tc, test_ext);
	tcase_add_test(tc, test_no_btf);
	tcase_add_test(tc, test_map_other_fields);
	tcase_add_test(tc, test_tracepoint_ctx);
	tcase_add_test(tc, test_corrupt_btf);
	tcase_add_test(tc, test_size_of_bad_arrays);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
