/* disasm.c: the disassembler. Program sections print as instructions (isa_format names
 * jump targets and relocated symbols through callbacks); data sections print as data
 * with the labels relocations point at, so the whole output assembles again. */
#include "disasm.h"

#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "bpf_compat.h"
#include "btf.h"
#include "isa.h"

/* A place some relocation or jump points at, needing a label in the output. */
struct mark {
	uint32_t sec;
	uint64_t off;
};

struct dis {
	const struct bo_object *obj;
	FILE *out;
	bool gnu;          /* --syntax gnu */
	uint32_t *byplace; /* printable symbols sorted by (section, value, index) */
	size_t nbyplace;
	struct mark *marks;
	size_t nmarks, capmarks;
	/* places a 4-byte data word refers to with R_BPF_64_NODYLD32 against their section
	 * (clang's .BTF.ext function and line offsets): named by a temporary .L label, which
	 * reassembles to the same relocation with the offset in place, even where a function
	 * symbol stands (which would reassemble to 0 and a relocation against it) */
	struct mark *dmarks;
	size_t ndmarks, capdmarks;
	/* where print_labels last looked: it walks each section forward, so the next symbol
	 * and mark at or after a place are found by stepping, not searching */
	size_t sym_cur, mark_cur;
	/* for the section being printed */
	const struct bo_section *sec;
	const struct bo_reloc **rel_at; /* per slot */
	size_t nslots;
	char name[2][128];              /* label names handed to isa_format */
	int which;
	/* BTF and line_info, when the object has them */
	struct btf_view btf;
	struct btf_ext_view ext;
	bool has_btf, has_ext;
};

static int push_mark(struct mark **marks, size_t *n, size_t *cap, uint32_t sec, uint64_t off)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct mark *m = realloc(*marks, c * sizeof(*m));
		if (!m)
			return -ENOMEM;
		*marks = m;
		*cap = c;
	}
	(*marks)[(*n)++] = (struct mark){sec, off};
	return 0;
}

static int add_mark(struct dis *d, uint32_t sec, uint64_t off)
{
	return push_mark(&d->marks, &d->nmarks, &d->capmarks, sec, off);
}

static int cmp_mark(const void *a, const void *b)
{
	const struct mark *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	return x->off < y->off ? -1 : x->off > y->off;
}

static bool marked(const struct dis *d, uint32_t sec, uint64_t off)
{
	struct mark key = {sec, off};

	return d->nmarks && bsearch(&key, d->marks, d->nmarks, sizeof(key), cmp_mark);
}

static bool data_marked(const struct dis *d, uint32_t sec, uint64_t off)
{
	struct mark key = {sec, off};

	return d->ndmarks && bsearch(&key, d->dmarks, d->ndmarks, sizeof(key), cmp_mark);
}

/* The temporary label of a place: .L<section>_<slot> in code, .L<section>_b<byte> elsewhere. */
static const char *temp_name(const struct dis *d, uint32_t sec, uint64_t off, char *buf, size_t len)
{
	if (bo_section_is_prog(&d->obj->secs[sec]) && off % 8 == 0)
		snprintf(buf, len, ".L%u_%" PRIu64, sec, off / 8);
	else
		snprintf(buf, len, ".L%u_b%" PRIu64, sec, off);
	return buf;
}

static bool printable_sym(const struct bo_symbol *s)
{
	return s->name[0] && (s->type == STT_FUNC || s->type == STT_OBJECT || s->type == STT_NOTYPE) &&
	       s->shndx != SHN_UNDEF && s->shndx < SHN_LORESERVE;
}

static int cmp_place(const void *a, const void *b, void *arg)
{
	const struct bo_object *o = arg;
	const struct bo_symbol *x = &o->syms[*(const uint32_t *)a], *y = &o->syms[*(const uint32_t *)b];

	if (x->shndx != y->shndx)
		return x->shndx < y->shndx ? -1 : 1;
	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return *(const uint32_t *)a < *(const uint32_t *)b ? -1 : 1;
}

static int index_symbols(struct dis *d)
{
	const struct bo_object *o = d->obj;

	d->byplace = malloc((o->nsyms + 1) * sizeof(*d->byplace));
	if (!d->byplace)
		return -ENOMEM;
	for (size_t i = 1; i < o->nsyms; i++)
		if (printable_sym(&o->syms[i]))
			d->byplace[d->nbyplace++] = (uint32_t)i;
	qsort_r(d->byplace, d->nbyplace, sizeof(*d->byplace), cmp_place, (void *)o);
	return 0;
}

/* The first symbol at (sec, off) in the index, or nbyplace when none. */
static bool sym_before(const struct dis *d, size_t i, uint32_t sec, uint64_t off)
{
	const struct bo_symbol *s = &d->obj->syms[d->byplace[i]];

	return s->shndx < sec || (s->shndx == sec && s->value < off);
}

/* The index of the first symbol at or after (sec, off). */
static size_t symbol_lower_bound(const struct dis *d, uint32_t sec, uint64_t off)
{
	size_t lo = 0, hi = d->nbyplace;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sym_before(d, mid, sec, off))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static size_t first_at(const struct dis *d, uint32_t sec, uint64_t off)
{
	size_t lo = symbol_lower_bound(d, sec, off);

	if (lo < d->nbyplace) {
		const struct bo_symbol *s = &d->obj->syms[d->byplace[lo]];
		if (s->shndx == sec && s->value == off)
			return lo;
	}
	return d->nbyplace;
}

/* The name of the place (sec, off): a symbol defined there, or a generated label. */
static const char *place_name(struct dis *d, uint32_t sec, uint64_t off, char *buf, size_t len)
{
	const struct bo_object *o = d->obj;
	size_t i = first_at(d, sec, off);

	if (i < d->nbyplace)
		return o->syms[d->byplace[i]].name;
	return temp_name(d, sec, off, buf, len);
}

static int32_t insn_imm(const uint8_t *p)
{
	return (int32_t)((uint32_t)p[4] | (uint32_t)p[5] << 8 | (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24);
}

static uint64_t data_value(const uint8_t *p, unsigned width)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < width; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

/* Pass 1: every jump target and every section-relative relocation gets a mark. */
static int collect_marks(struct dis *d)
{
	const struct bo_object *o = d->obj;

	for (size_t si = 1; si < o->nsecs; si++) {
		const struct bo_section *s = &o->secs[si];
		size_t n = s->size / 8;

		if (bo_section_is_prog(s)) {
			for (size_t pc = 0; pc < n; pc++) {
				struct isa_insn in;
				int64_t t;
				isa_decode(s->data + pc * 8, &in);
				if (in.code == (BPF_LD | BPF_IMM | BPF_DW)) {
					pc++;
					continue;
				}
				if ((t = isa_jump_target(&in, pc)) == ISA_NO_TARGET)
					continue;
				if (t >= 0 && (size_t)t <= n && add_mark(d, (uint32_t)si, (uint64_t)t * 8))
					return -ENOMEM;
			}
		}
		for (size_t r = 0; r < s->nrels; r++) {
			const struct bo_reloc *rl = &s->rels[r];
			const struct bo_symbol *sym = &o->syms[rl->sym];
			int64_t addend;
			if (sym->type != STT_SECTION || sym->shndx >= o->nsecs || !s->data)
				continue;
			switch (rl->type) {
			case BO_R_BPF_64_64: addend = insn_imm(s->data + rl->offset); break;
			case BO_R_BPF_64_32: addend = ((int64_t)insn_imm(s->data + rl->offset) + 1) * 8; break;
			case BO_R_BPF_64_ABS64: addend = (int64_t)data_value(s->data + rl->offset, 8); break;
			default: addend = (int64_t)data_value(s->data + rl->offset, 4); break;
			}
			if (addend >= 0 && add_mark(d, sym->shndx, (uint64_t)addend))
				return -ENOMEM;
			if (addend >= 0 && rl->type == BO_R_BPF_64_NODYLD32 &&
			    push_mark(&d->dmarks, &d->ndmarks, &d->capdmarks, sym->shndx, (uint64_t)addend))
				return -ENOMEM;
		}
	}
	if (d->nmarks)
		qsort(d->marks, d->nmarks, sizeof(*d->marks), cmp_mark);
	if (d->ndmarks)
		qsort(d->dmarks, d->ndmarks, sizeof(*d->dmarks), cmp_mark);
	return 0;
}

static const char *cb_jump(void *arg, size_t pc, int64_t delta)
{
	struct dis *d = arg;
	int64_t t = (int64_t)pc + 1 + delta;
	char *buf = d->name[d->which ^= 1];

	if (t < 0 || (size_t)t > d->nslots)
		return NULL;
	return place_name(d, d->sec->index, (uint64_t)t * 8, buf, sizeof(d->name[0]));
}

static const char *cb_reloc(void *arg, size_t pc, int64_t *addend)
{
	struct dis *d = arg;
	const struct bo_reloc *r = pc < d->nslots ? d->rel_at[pc] : NULL;
	const struct bo_symbol *s;
	char *buf = d->name[d->which ^= 1];
	int64_t imm;

	*addend = 0;
	if (!r)
		return NULL;
	s = &d->obj->syms[r->sym];
	if (s->type != STT_SECTION)
		return s->name[0] ? s->name : NULL;
	if (s->shndx >= d->obj->nsecs)
		return NULL;
	imm = insn_imm(d->sec->data + pc * 8);
	if (r->type == BO_R_BPF_64_32)
		return place_name(d, s->shndx, (uint64_t)((int64_t)imm + 1) * 8, buf, sizeof(d->name[0]));
	*addend = -(int64_t)imm; /* the immediate is the offset the label already stands for */
	return place_name(d, s->shndx, (uint64_t)imm, buf, sizeof(d->name[0]));
}

static void print_section_header(struct dis *d, const struct bo_section *s)
{
	char flags[8];
	int n = 0;
	bool plain = true;

	for (const char *p = s->name; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '.'))
			plain = false;
	if (s->flags & SHF_ALLOC)
		flags[n++] = 'a';
	if (s->flags & SHF_WRITE)
		flags[n++] = 'w';
	if (s->flags & SHF_EXECINSTR)
		flags[n++] = 'x';
	if (s->flags & SHF_MERGE)
		flags[n++] = 'M';
	if (s->flags & SHF_STRINGS)
		flags[n++] = 'S';
	flags[n] = '\0';
	fprintf(d->out, "\n\t.section %s%s%s,\"%s\",@%s\n", plain ? "" : "\"", s->name, plain ? "" : "\"",
		flags, s->type == SHT_NOBITS ? "nobits" : "progbits");
	if (s->align > 1 && s->align <= 4096 && !(s->align & (s->align - 1)))
		fprintf(d->out, "\t.p2align %d\n", __builtin_ctzll(s->align));
}

/* The first symbol at or after (sec, off) in the index: a step or two from the last one
 * asked for when the places go forward, a search when they went back. */
static size_t seek_symbol(struct dis *d, uint32_t sec, uint64_t off)
{
	size_t i = d->sym_cur;

	if (i > d->nbyplace || (i > 0 && !sym_before(d, i - 1, sec, off)))
		i = symbol_lower_bound(d, sec, off);
	while (i < d->nbyplace && sym_before(d, i, sec, off))
		i++;
	return d->sym_cur = i;
}

static bool mark_before(const struct mark *m, uint32_t sec, uint64_t off)
{
	return m->sec < sec || (m->sec == sec && m->off < off);
}

/* The same for the marks (sorted by section and offset). */
static size_t seek_mark(struct dis *d, uint32_t sec, uint64_t off)
{
	size_t i = d->mark_cur;

	if (i > d->nmarks || (i > 0 && !mark_before(&d->marks[i - 1], sec, off))) {
		size_t lo = 0, hi = d->nmarks;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (mark_before(&d->marks[mid], sec, off))
				lo = mid + 1;
			else
				hi = mid;
		}
		i = lo;
	}
	while (i < d->nmarks && mark_before(&d->marks[i], sec, off))
		i++;
	return d->mark_cur = i;
}

/* Labels at (sec, off): symbols defined there (with binding and type), then a mark. */
static void print_labels(struct dis *d, const struct bo_section *s, uint64_t off)
{
	const struct bo_object *o = d->obj;
	bool named = false;
	char buf[128];

	size_t i = seek_symbol(d, s->index, off), m = seek_mark(d, s->index, off);
	bool at_mark = m < d->nmarks && d->marks[m].sec == s->index && d->marks[m].off == off;

	for (; i < d->nbyplace; i++) {
		const struct bo_symbol *sym = &o->syms[d->byplace[i]];
		if (sym->shndx != s->index || sym->value != off)
			break;
		if (sym->bind == STB_GLOBAL)
			fprintf(d->out, "\t.globl %s\n", sym->name);
		else if (sym->bind == STB_WEAK)
			fprintf(d->out, "\t.weak %s\n", sym->name);
		if (sym->type == STT_FUNC)
			fprintf(d->out, "\t.type %s,@function\n", sym->name);
		else if (sym->type == STT_OBJECT)
			fprintf(d->out, "\t.type %s,@object\n\t.size %s, %" PRIu64 "\n", sym->name, sym->name, sym->size);
		fprintf(d->out, "%s:\n", sym->name);
		named = true;
	}
	if (!named && at_mark)
		fprintf(d->out, "%s:\n", place_name(d, s->index, off, buf, sizeof(buf)));
	else if (named && data_marked(d, s->index, off))
		fprintf(d->out, "%s:\n", temp_name(d, s->index, off, buf, sizeof(buf)));
}

/* v in decimal at p, without printf; the number of characters. */
static size_t put_uint(char *p, uint32_t v)
{
	char tmp[10];
	size_t n = 0, k = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		p[k++] = tmp[--n];
	return k;
}

static int print_prog(struct dis *d, const struct bo_section *s, const struct disasm_options *opt)
{
	size_t n = s->size / 8;
	const struct isa_names names = {cb_jump, cb_reloc, d};
	const struct btf_line *last_line = NULL;
	const struct btf_ext_sec *lines = d->has_ext ? btf_ext_section(&d->ext, s->name) : NULL;
	uint32_t li = 0; /* the next line record: they are sorted by offset, the slots go forward */
	enum { COMMENT_MAX = 1024 };
	char text[256], line[COMMENT_MAX + sizeof(text) + 2]; /* an instruction's line, after its source line's comment */
	size_t ll = 0;

	d->sec = s;
	d->nslots = n;
	d->rel_at = calloc(n ? n : 1, sizeof(*d->rel_at));
	if (!d->rel_at)
		return -ENOMEM;
	for (size_t r = 0; r < s->nrels; r++)
		if (s->rels[r].offset % 8 == 0)
			d->rel_at[s->rels[r].offset / 8] = &s->rels[r];
	print_section_header(d, s);
	for (size_t pc = 0; pc < n;) {
		struct isa_insn in, next;
		int used;
		print_labels(d, s, pc * 8);
		isa_decode(s->data + pc * 8, &in);
		if (pc + 1 < n)
			isa_decode(s->data + (pc + 1) * 8, &next);
		if (lines) {
			const struct btf_line *l;
			while (li < lines->nlines && lines->lines[li].insn_off <= pc * 8)
				li++;
			l = li ? &lines->lines[li - 1] : NULL;
			if (l && l->insn_off == pc * 8 && l != last_line && (!last_line || l->line != last_line->line ||
									     strcmp(l->file, last_line->file))) {
				const char *base = strrchr(l->file, '/');
				base = base ? base + 1 : l->file;
				size_t tl = strlen(l->text), bl = strlen(base);
				if (tl + bl + 32 > COMMENT_MAX) { /* a long line: through printf */
					fprintf(d->out, "\t; %s  @ %s:%u\n", l->text, base, l->line);
				} else { /* once per line of source: built here, written with the instruction */
					memcpy(line + ll, "\t; ", 3), ll += 3;
					memcpy(line + ll, l->text, tl), ll += tl;
					memcpy(line + ll, "  @ ", 4), ll += 4;
					memcpy(line + ll, base, bl), ll += bl;
					line[ll++] = ':';
					ll += put_uint(line + ll, l->line);
					line[ll++] = '\n';
				}
			}
			if (l && l->insn_off == pc * 8)
				last_line = l;
		}
		used = isa_format_syntax(&in, pc + 1 < n ? &next : NULL, pc, &names,
					 opt && opt->gnu ? ISA_GNU : ISA_PSEUDOC, text, sizeof(text));
		if (opt && opt->show_offsets) {
			if (ll)
				fwrite(line, 1, ll, d->out), ll = 0;
			fprintf(d->out, "%6zu:\t", pc);
		}
		if (used == 0) {
			if (ll)
				fwrite(line, 1, ll, d->out), ll = 0;
			fprintf(d->out, "\t.quad 0x%016" PRIx64 "\t# not an instruction\n", data_value(s->data + pc * 8, 8));
			used = 1;
		} else {
			size_t tlen = strlen(text);
			line[ll++] = '\t';
			memcpy(line + ll, text, tlen), ll += tlen;
			line[ll++] = '\n';
			fwrite(line, 1, ll, d->out);
		}
		ll = 0;
		if (used == 2 && marked(d, s->index, (pc + 1) * 8))
			fprintf(d->out, "\t# note: a jump lands inside the lddw at slot %zu\n", pc);
		pc += (size_t)used;
	}
	print_labels(d, s, n * 8);
	free(d->rel_at);
	d->rel_at = NULL;
	return 0;
}

static const struct bo_reloc *data_reloc(const struct bo_section *s, uint64_t off)
{
	for (size_t r = 0; r < s->nrels; r++)
		if (s->rels[r].offset == off)
			return &s->rels[r];
	return NULL;
}

/* The next offset after `off` where a label or relocation forces a break. */
static uint64_t next_break(struct dis *d, const struct bo_section *s, uint64_t off)
{
	uint64_t end = s->size;

	for (size_t i = 0; i < d->nbyplace; i++) {
		const struct bo_symbol *sym = &d->obj->syms[d->byplace[i]];
		if (sym->shndx == s->index && sym->value > off) {
			if (sym->value < end)
				end = sym->value;
			break;
		}
	}
	for (size_t i = 0; i < d->nmarks; i++)
		if (d->marks[i].sec == s->index && d->marks[i].off > off && d->marks[i].off < end)
			end = d->marks[i].off;
	for (size_t r = 0; r < s->nrels; r++)
		if (s->rels[r].offset > off && s->rels[r].offset < end)
			end = s->rels[r].offset;
	return end;
}

/* The length of the text at p (printable ASCII up to a NUL, the NUL counted) when it is
 * at least 3 characters and ends before `end`; else 0. */
static size_t text_at(const uint8_t *p, const uint8_t *end)
{
	const uint8_t *q = p;

	while (q < end && *q >= 0x20 && *q < 0x7f)
		q++;
	return q < end && !*q && q - p >= 3 ? (size_t)(q - p) + 1 : 0;
}

/* Bytes [off, end) of data, written without printf (.BTF and its line info run to tens of
 * megabytes) and compactly: each NUL-terminated text as .asciz (a string table reads as
 * one), 4-byte-aligned words as .long (four to a line, in the object's little-endian
 * order), what is left as .byte. */
static void print_bytes(FILE *out, const uint8_t *data, uint64_t off, uint64_t end)
{
	static const char hex[] = "0123456789abcdef";
	char line[9 + 2 * 256 + 3], *p;

	while (off < end) {
		size_t n = text_at(data + off, data + end);
		uint64_t k;
		p = line;
		if (n) { /* in pieces of up to 256 characters: .ascii, and .asciz for the last */
			for (size_t at = 0; at + 1 < n;) {
				size_t m = n - 1 - at < 256 ? n - 1 - at : 256;
				bool last = at + m + 1 == n;
				p = line;
				memcpy(p, last ? "\t.asciz \"" : "\t.ascii \"", 9);
				p += 9;
				for (size_t i = 0; i < m; i++) {
					uint8_t c = data[off + at + i];
					if (c == '"' || c == '\\')
						*p++ = '\\';
					*p++ = (char)c;
				}
				*p++ = '"';
				*p++ = '\n';
				fwrite(line, 1, (size_t)(p - line), out);
				at += m;
			}
			off += n;
			continue;
		}
		/* eight or more zeros: counted (a map definition, padding, an empty table) */
		for (n = 0; off + n < end && !data[off + n]; n++)
			;
		if (n >= 8) {
			fprintf(out, "\t.zero %zu\n", n);
			off += n;
			continue;
		}
		/* up to 16 bytes that hold no text: words when aligned, else bytes */
		for (k = 1; k < 16 && off + k < end && !text_at(data + off + k, data + end); k++)
			;
		if (off % 4 == 0 && k >= 4) {
			k -= k % 4;
			memcpy(p, "\t.long ", 7);
			p += 7;
			for (uint64_t w = 0; w < k; w += 4) {
				uint32_t v = (uint32_t)data_value(data + off + w, 4);
				int digits = v ? (32 - __builtin_clz(v) + 3) / 4 : 1;
				if (w) {
					*p++ = ',';
					*p++ = ' ';
				}
				*p++ = '0';
				*p++ = 'x';
				for (int i = digits - 1; i >= 0; i--, v >>= 4)
					p[i] = hex[v & 15];
				p += digits;
			}
		} else {
			if (off % 4)
				k = k < 4 - off % 4 ? k : 4 - off % 4; /* up to the next word */
			memcpy(p, "\t.byte ", 7);
			p += 7;
			for (uint64_t i = 0; i < k; i++) {
				uint8_t b = data[off + i];
				if (i) {
					*p++ = ',';
					*p++ = ' ';
				}
				*p++ = '0';
				*p++ = 'x';
				*p++ = hex[b >> 4];
				*p++ = hex[b & 15];
			}
		}
		*p++ = '\n';
		fwrite(line, 1, (size_t)(p - line), out);
		off += k;
	}
}

static void print_data(struct dis *d, const struct bo_section *s)
{
	const struct bo_object *o = d->obj;
	char buf[128];
	/* GNU as ends a section at a multiple of its alignment: one that does not end so is
	 * written in pseudo-C, where its size stays as it is */
	bool unpadded = d->gnu && s->align > 1 && s->size % s->align;

	if (unpadded)
		fprintf(d->out, "\n\t.syntax pseudoc\t# %" PRIu64 " bytes, not a multiple of the alignment %" PRIu64
			", which GNU's syntax would pad\n", s->size, s->align);
	print_section_header(d, s);
	for (uint64_t off = 0; off < s->size;) {
		const struct bo_reloc *r;
		uint64_t end;

		print_labels(d, s, off);
		r = s->data ? data_reloc(s, off) : NULL;
		if (r && r->type != BO_R_BPF_64_64 && r->type != BO_R_BPF_64_32) {
			unsigned width = r->type == BO_R_BPF_64_ABS64 ? 8 : 4;
			const struct bo_symbol *sym = &o->syms[r->sym];
			uint64_t v = data_value(s->data + off, width);
			if (sym->type == STT_SECTION && sym->shndx < o->nsecs)
				fprintf(d->out, "\t%s %s\n", width == 8 ? ".quad" : ".long",
					r->type == BO_R_BPF_64_NODYLD32 ? temp_name(d, sym->shndx, v, buf, sizeof(buf))
									 : place_name(d, sym->shndx, v, buf, sizeof(buf)));
			else if (v)
				fprintf(d->out, "\t%s %s + %" PRIu64 "\n", width == 8 ? ".quad" : ".long", sym->name, v);
			else
				fprintf(d->out, "\t%s %s\n", width == 8 ? ".quad" : ".long", sym->name);
			off += width;
			continue;
		}
		end = next_break(d, s, off);
		if (!s->data) {
			fprintf(d->out, "\t.zero %" PRIu64 "\n", end - off);
			off = end;
			continue;
		}
		print_bytes(d->out, s->data, off, end);
		off = end;
	}
	print_labels(d, s, s->size);
	if (unpadded)
		fputs("\t.syntax gnu\n", d->out);
}

static bool skip_section(const struct bo_section *s)
{
	return !s->name || s->type == SHT_NULL || s->type == SHT_SYMTAB || s->type == SHT_STRTAB ||
	       s->type == SHT_REL || s->type == SHT_RELA || !strncmp(s->name, ".debug", 6) ||
	       !strcmp(s->name, ".llvm_addrsig") || s->type == 0x6fff4c03 /* SHT_LLVM_ADDRSIG */;
}

/* Undefined symbols that relocations name: `.extern` for kfunc calls, `.globl` else. */
static void print_externs(struct dis *d)
{
	const struct bo_object *o = d->obj;

	for (size_t i = 1; i < o->nsyms; i++) {
		const struct bo_symbol *sym = &o->syms[i];
		bool used = false, kfunc = false;
		if (sym->shndx != SHN_UNDEF || !sym->name[0])
			continue;
		for (size_t si = 1; si < o->nsecs; si++) {
			const struct bo_section *s = &o->secs[si];
			for (size_t r = 0; r < s->nrels; r++) {
				if (s->rels[r].sym != i)
					continue;
				used = true;
				if (s->rels[r].type == BO_R_BPF_64_32 && s->data &&
				    (s->data[s->rels[r].offset + 1] >> 4) == BPF_PSEUDO_KFUNC_CALL)
					kfunc = true;
			}
		}
		if (used && (kfunc || sym->bind != STB_WEAK))
			fprintf(d->out, "\t%s %s\n", kfunc ? ".extern" : ".globl", sym->name);
		if (used && sym->bind == STB_WEAK) /* __weak: a __kconfig or __ksym the kernel may lack */
			fprintf(d->out, "\t.weak %s\n", sym->name);
	}
}

/* Read .BTF and .BTF.ext when present; a broken one is reported in a comment, and the
 * disassembly goes on without it. */
static void open_btf(struct dis *d)
{
	const struct bo_section *b = bo_section_by_name(d->obj, ".BTF");
	const struct bo_section *x = bo_section_by_name(d->obj, ".BTF.ext");
	char err[256];

	if (!b || !b->data)
		return;
	if (btf_view_open(&d->btf, b->data, b->size, err, sizeof(err))) {
		fprintf(d->out, "# .BTF is not readable: %s\n", err);
		return;
	}
	d->has_btf = true;
	if (x && x->data) {
		if (btf_ext_open(&d->ext, &d->btf, x->data, x->size, err, sizeof(err)))
			fprintf(d->out, "# .BTF.ext is not readable: %s\n", err);
		else
			d->has_ext = true;
	}
}

/* The BTF types as comments, so the disassembly stays assembly. */
static int print_btf_comment(struct dis *d)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return -ENOMEM;
	btf_view_dump(&d->btf, f);
	int failed = ferror(f); /* a write that found no memory */
	if (fclose(f) || failed || !text) {
		free(text);
		return -ENOMEM;
	}
	fputs("# BTF types:\n", d->out);
	for (char *line = text, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		fprintf(d->out, "#   %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
	}
	free(text);
	return 0;
}

int disasm_object(const struct bo_object *obj, const struct disasm_options *opt, FILE *out)
{
	struct dis d = {.obj = obj, .out = out, .gnu = opt && opt->gnu};
	bool found = false;
	int err;

	open_btf(&d);
	if (opt && opt->btf_only) {
		err = d.has_btf ? 0 : -ENOENT;
		if (d.has_btf)
			btf_view_dump(&d.btf, out);
		goto out;
	}
	/* what can fail before anything is written: -d to standard output streams */
	if (opt && opt->section) {
		err = -ENOENT;
		for (size_t i = 1; i < obj->nsecs && err; i++)
			if (!skip_section(&obj->secs[i]) && !strcmp(opt->section, obj->secs[i].name))
				err = 0;
		if (err)
			goto out;
	}
	err = index_symbols(&d);
	if (!err)
		err = collect_marks(&d);
	if (err)
		goto out;
	if (opt && opt->gnu)
		fprintf(out, "\t.syntax gnu\n");
	if (!opt || !opt->section)
		print_externs(&d);
	for (size_t i = 1; i < obj->nsecs; i++) {
		const struct bo_section *s = &obj->secs[i];
		if (skip_section(s) || (opt && opt->section && strcmp(opt->section, s->name)))
			continue;
		found = true;
		if (bo_section_is_prog(s))
			err = print_prog(&d, s, opt);
		else if (!opt || !opt->section || s->data || s->type == SHT_NOBITS) {
			if (!strncmp(s->name, ".BTF", 4))
				fprintf(out, "\n# %s as it is, byte for byte, so that the object assembled from this\n"
					"# text carries the same types and line info (the types are listed at the end)\n", s->name);
			print_data(&d, s);
		}
		if (err)
			goto out;
	}
	if (opt && opt->section && !found)
		err = -ENOENT;
	/* the types last, as comments: the code is what one reads -d for */
	if (!err && d.has_btf && (!opt || !opt->section)) {
		fputc('\n', out);
		err = print_btf_comment(&d);
	}
out:
	if (d.has_ext)
		btf_ext_close(&d.ext);
	if (d.has_btf)
		btf_view_close(&d.btf);
	free(d.byplace);
	free(d.marks);
	free(d.dmarks);
	return err;
}
