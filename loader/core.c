/* core.c: CO-RE relocations. A field access that clang recorded against the object's own
 * idea of a kernel struct (preserve_access_index) gets this kernel's offset: the access
 * string is walked by member names through the struct of the same name in
 * /sys/kernel/btf/vmlinux (or, when vmlinux has no type of that name, a module's), and the instruction's offset or immediate rewritten. Every kind
 * clang writes: a field's byte offset, size, existence, signedness and the shifts that
 * extract a bitfield (computed as libbpf does: the smallest aligned load that holds it),
 * a type's existence, size, match, local and kernel id, an enum value's existence and
 * value. */
#include "core.h"

#include "kbtf.h"
#include "ldr_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CORE_FIELD_BYTE_OFFSET, CORE_FIELD_BYTE_SIZE, CORE_FIELD_EXISTS, CORE_FIELD_SIGNED, CORE_FIELD_LSHIFT_U64,
       CORE_FIELD_RSHIFT_U64, CORE_TYPE_ID_LOCAL, CORE_TYPE_ID_TARGET, CORE_TYPE_EXISTS, CORE_TYPE_SIZE,
       CORE_ENUMVAL_EXISTS, CORE_ENUMVAL_VALUE, CORE_TYPE_MATCHES };

static const char *const kind_names[] = {"field byte offset", "field byte size", "field exists", "field signed",
					 "field lshift", "field rshift", "local type id", "target type id",
					 "type exists", "type size", "enum value exists", "enum value", "type matches"};

size_t ldr_essential_len(const char *name)
{
	const char *f = strstr(name, "___");

	return f ? (size_t)(f - name) : strlen(name);
}

static bool is_composite(const struct btf_type *t)
{
	return t && (BTF_INFO_KIND(t->info) == BTF_KIND_STRUCT || BTF_INFO_KIND(t->info) == BTF_KIND_UNION);
}

/* Member `name` of composite type `id` in v, looking through anonymous struct and union
 * members as C does: its type and bit offset. */
static bool find_member(const struct btf_view *v, uint32_t id, const char *name, uint32_t *type, uint64_t *bits,
			uint32_t *bitfield, int depth)
{
	const struct btf_type *t = btf_view_type(v, btf_view_skip(v, id));
	const struct btf_member *m;

	if (!is_composite(t) || depth > 32)
		return false;
	m = (const struct btf_member *)(t + 1);
	for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
		const char *mn = btf_view_name(v, m[i].name_off);
		uint64_t inner;
		if (*mn && !strcmp(mn, name)) {
			*type = m[i].type;
			*bits = btf_member_bits(t, &m[i]);
			*bitfield = BTF_INFO_KFLAG(t->info) ? BTF_MEMBER_BITFIELD_SIZE(m[i].offset) : 0;
			return true;
		}
		if (!*mn && find_member(v, m[i].type, name, type, &inner, bitfield, depth + 1)) {
			*bits = btf_member_bits(t, &m[i]) + inner;
			return true;
		}
	}
	return false;
}

bool ldr_btf_member(const struct btf_view *v, uint32_t id, const char *name, uint32_t *type, uint64_t *bits,
		    uint32_t *bitfield)
{
	return find_member(v, id, name, type, bits, bitfield, 0);
}

struct access {
	uint32_t idx[64];
	size_t n;
};

static bool parse_access(const char *s, struct access *a)
{
	a->n = 0;
	while (*s && a->n < 64) {
		char *end;
		unsigned long v = strtoul(s, &end, 10);
		if (end == s || v > UINT32_MAX)
			return false;
		a->idx[a->n++] = (uint32_t)v;
		s = *end == ':' ? end + 1 : end;
		if (*end && *end != ':')
			return false;
	}
	return a->n > 0 && !*s;
}

/* The value of enumerator `name` (its ___flavour suffix aside) in kernel enum `id`. */
static bool enum_value(const struct btf_view *v, uint32_t id, const char *name, int64_t *out)
{
	const struct btf_type *t = btf_view_type(v, id);
	uint32_t n = BTF_INFO_VLEN(t->info);
	size_t len = ldr_essential_len(name);
#define SAME(off) (strlen(btf_view_name(v, (off))) == len && !strncmp(btf_view_name(v, (off)), name, len))

	if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM) {
		const struct btf_enum *e = (const struct btf_enum *)(t + 1);
		for (uint32_t i = 0; i < n; i++)
			if (SAME(e[i].name_off)) {
				*out = BTF_INFO_KFLAG(t->info) ? (int64_t)e[i].val : (int64_t)(uint32_t)e[i].val;
				return true;
			}
	} else if (BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64) {
		const struct btf_enum64 *e = (const struct btf_enum64 *)(t + 1);
		for (uint32_t i = 0; i < n; i++)
			if (SAME(e[i].name_off)) {
				*out = (int64_t)((uint64_t)e[i].val_hi32 << 32 | e[i].val_lo32);
				return true;
			}
	}
#undef SAME
	return false;
}

/* The field the access string reaches, in kernel type `kid`: its bit offset, its
 * bitfield size (0: not a bitfield) and the kernel's type of it; false when a name along
 * the way is missing there. */
struct field {
	uint64_t bits;
	uint32_t bitsz, type;
};

static bool field_in(const struct btf_view *lv, uint32_t lid, const struct btf_view *kv, uint32_t kid,
		     const struct access *a, struct field *f)
{
	uint64_t bits = (uint64_t)a->idx[0] * (uint64_t)btf_view_size(kv, kid) * 8;
	uint32_t lt = lid, kt = kid, bitsz = 0;

	for (size_t i = 1; i < a->n; i++) {
		const struct btf_type *l = btf_view_type(lv, btf_view_skip(lv, lt));
		const struct btf_type *k = btf_view_type(kv, btf_view_skip(kv, kt));
		if (!l || !k || bitsz) /* nothing is inside a bitfield */
			return false;
		if (is_composite(l)) {
			const struct btf_member *m = (const struct btf_member *)(l + 1);
			uint64_t mb;
			if (a->idx[i] >= BTF_INFO_VLEN(l->info))
				return false;
			lt = m[a->idx[i]].type;
			if (!*btf_view_name(lv, m[a->idx[i]].name_off)) {
				/* an anonymous struct or union: the next named member is looked
				 * for through the kernel's anonymous members, whatever they are */
				if (i + 1 == a->n)
					return false;
				continue;
			}
			if (!is_composite(k) || !find_member(kv, kt, btf_view_name(lv, m[a->idx[i]].name_off), &kt, &mb, &bitsz, 0))
				return false;
			bits += mb;
		} else if (BTF_INFO_KIND(l->info) == BTF_KIND_ARRAY && BTF_INFO_KIND(k->info) == BTF_KIND_ARRAY) {
			const struct btf_array *la = (const struct btf_array *)(l + 1), *ka = (const struct btf_array *)(k + 1);
			bits += (uint64_t)a->idx[i] * (uint64_t)btf_view_size(kv, ka->type) * 8;
			lt = la->type;
			kt = ka->type;
		} else
			return false;
	}
	if (!bitsz) { /* an int whose BTF says fewer bits than its size is a bitfield too */
		const struct btf_type *t = btf_view_type(kv, btf_view_skip(kv, kt));
		if (t && BTF_INFO_KIND(t->info) == BTF_KIND_INT) {
			uint32_t enc = *(const uint32_t *)(t + 1);
			if (BTF_INT_BITS(enc) < t->size * 8) {
				bits += BTF_INT_OFFSET(enc);
				bitsz = BTF_INT_BITS(enc);
			}
		}
	}
	if (!bitsz && bits % 8)
		return false;
	*f = (struct field){bits, bitsz, kt};
	return true;
}

/* A field relocation's value, as libbpf computes it: a bitfield is loaded with the
 * smallest load, aligned to its size, that holds all its bits. -E2BIG when none does. */
static int field_value(const struct btf_view *kv, const struct field *f, int kind, int64_t *out)
{
	const struct btf_type *mt = btf_view_type(kv, btf_view_skip(kv, f->type));
	int64_t sz = btf_view_size(kv, f->type);
	uint64_t byte_sz, byte_off, bit_sz;

	if (!mt || sz <= 0)
		return -EINVAL;
	byte_sz = (uint64_t)sz;
	if (!f->bitsz) {
		byte_off = f->bits / 8;
		bit_sz = byte_sz * 8;
	} else {
		bit_sz = f->bitsz;
		byte_off = f->bits / 8 / byte_sz * byte_sz;
		while (f->bits + bit_sz - byte_off * 8 > byte_sz * 8) {
			if (byte_sz >= 8)
				return -E2BIG;
			byte_sz *= 2;
			byte_off = f->bits / 8 / byte_sz * byte_sz;
		}
	}
	switch (kind) {
	case CORE_FIELD_BYTE_OFFSET: *out = (int64_t)byte_off; break;
	case CORE_FIELD_BYTE_SIZE: *out = (int64_t)byte_sz; break;
	case CORE_FIELD_EXISTS: *out = 1; break;
	case CORE_FIELD_SIGNED:
		*out = (BTF_INFO_KIND(mt->info) == BTF_KIND_ENUM || BTF_INFO_KIND(mt->info) == BTF_KIND_ENUM64)
			       ? BTF_INFO_KFLAG(mt->info)
			       : BTF_INFO_KIND(mt->info) == BTF_KIND_INT && (BTF_INT_ENCODING(*(const uint32_t *)(mt + 1)) & BTF_INT_SIGNED);
		break;
	case CORE_FIELD_LSHIFT_U64: *out = (int64_t)(64 - (f->bits + bit_sz - byte_off * 8)); break; /* little-endian */
	case CORE_FIELD_RSHIFT_U64: *out = (int64_t)(64 - bit_sz); break;
	}
	return 0;
}

/* Whether kernel type k matches local type l in what the program relies on: a struct's
 * or union's named members are all there (by name), an enum's values are all there. */
static bool type_matches(const struct btf_view *lv, uint32_t lid, const struct btf_view *kv, uint32_t kid)
{
	const struct btf_type *l = btf_view_type(lv, lid);
	uint32_t n = BTF_INFO_VLEN(l->info);

	if (is_composite(l)) {
		const struct btf_member *m = (const struct btf_member *)(l + 1);
		for (uint32_t i = 0; i < n; i++) {
			uint32_t type, bitsz;
			uint64_t bits;
			const char *name = btf_view_name(lv, m[i].name_off);
			if (*name && !find_member(kv, kid, name, &type, &bits, &bitsz, 0))
				return false;
		}
	} else if (BTF_INFO_KIND(l->info) == BTF_KIND_ENUM) {
		const struct btf_enum *e = (const struct btf_enum *)(l + 1);
		for (uint32_t i = 0; i < n; i++) {
			int64_t v;
			if (!enum_value(kv, kid, btf_view_name(lv, e[i].name_off), &v))
				return false;
		}
	}
	return true;
}

/* The access as C would write it, from the object's own types: "task_struct.tgid". */
static void access_text(const struct btf_view *lv, uint32_t lid, const char *root, size_t rlen, const struct access *a,
			char *out, size_t len)
{
	size_t used = (size_t)snprintf(out, len, "%.*s", (int)rlen, root);
	uint32_t lt = lid;

	for (size_t i = 1; i < a->n && used < len; i++) {
		const struct btf_type *l = btf_view_type(lv, btf_view_skip(lv, lt));
		if (is_composite(l) && a->idx[i] < BTF_INFO_VLEN(l->info)) {
			const struct btf_member *m = (const struct btf_member *)(l + 1) + a->idx[i];
			const char *n = btf_view_name(lv, m->name_off);
			if (*n)
				used += (size_t)snprintf(out + used, len - used, ".%s", n);
			lt = m->type;
		} else if (l && BTF_INFO_KIND(l->info) == BTF_KIND_ARRAY) {
			used += (size_t)snprintf(out + used, len - used, "[%u]", a->idx[i]);
			lt = ((const struct btf_array *)(l + 1))->type;
		} else
			return;
	}
}

/* Kinds that give 0 when the kernel has no match, rather than refusing the program. */
static bool existence_kind(uint32_t kind)
{
	return kind == CORE_FIELD_EXISTS || kind == CORE_TYPE_EXISTS || kind == CORE_TYPE_MATCHES ||
	       kind == CORE_ENUMVAL_EXISTS || kind == CORE_TYPE_ID_TARGET;
}

/* One relocation's search through one BTF: what it asks for, and what was found so far. */
struct cands {
	struct ldr_object *o;
	const struct ldr_prog *p;
	uint32_t i, lid;
	const struct btf_core_relo *r;
	const struct btf_type *root;
	const struct access *a;
	const char *ename, *rname;
	size_t rlen;
	size_t ncands; /* types of the kind and name */
	bool found;    /* of which one (or more, agreeing) has what the relocation asks */
	int64_t value;
};

/* The candidates of view kv (its own types only, for a module's split BTF). */
static int candidates(struct cands *c, const struct btf_view *kv)
{
	const struct btf_view *lv = &c->o->btf;
	const struct btf_core_relo *r = c->r;

	for (uint32_t k = kv->first; k < kv->ntypes; k++) {
		const struct btf_type *t = kv->type[k];
		const char *kn = btf_view_name(kv, t->name_off);
		uint32_t lk = BTF_INFO_KIND(c->root->info), tk = BTF_INFO_KIND(t->info);
		struct field f;
		int64_t v = 0;
		bool enums = (lk == BTF_KIND_ENUM || lk == BTF_KIND_ENUM64) && (tk == BTF_KIND_ENUM || tk == BTF_KIND_ENUM64);
		if ((tk != lk && !enums) || strlen(kn) != c->rlen || strncmp(kn, c->rname, c->rlen))
			continue;
		c->ncands++;
		switch (r->kind) {
		case CORE_TYPE_SIZE: v = btf_view_size(kv, k); break;
		case CORE_TYPE_EXISTS: v = 1; break;
		case CORE_TYPE_ID_TARGET: v = k; break;
		case CORE_TYPE_MATCHES:
			if (!type_matches(lv, c->lid, kv, k))
				continue;
			v = 1;
			break;
		case CORE_ENUMVAL_EXISTS:
		case CORE_ENUMVAL_VALUE:
			if (!enum_value(kv, k, c->ename, &v))
				continue;
			if (r->kind == CORE_ENUMVAL_EXISTS)
				v = 1;
			break;
		default: /* the field kinds */
			if (!field_in(lv, r->type_id, kv, k, c->a, &f))
				continue;
			if (field_value(kv, &f, (int)r->kind, &v) == -E2BIG)
				return ldr_fail(c->o, "instruction %u of '%s': the bitfield of \"%s\" cannot be read with one load",
						c->i, c->p->name, btf_view_name(lv, r->access_off));
			break;
		}
		if (c->found && v != c->value)
			return ldr_fail(c->o, "instruction %u of '%s': the kernel has more than one '%.*s', and they disagree on "
					"the %s of \"%s\"", c->i, c->p->name, (int)c->rlen, c->rname, kind_names[r->kind],
					btf_view_name(lv, r->access_off));
		c->found = true;
		c->value = v;
	}
	return 0;
}

/* Apply one relocation to the instruction at index i of p. */
static int apply_one(struct ldr_object *o, struct ldr_prog *p, uint32_t i, const struct btf_core_relo *r)
{
	const struct btf_view *lv = &o->btf, *kv;
	uint32_t lid = btf_view_skip(lv, r->type_id);
	const struct btf_type *root = btf_view_type(lv, lid);
	const char *acc = btf_view_name(lv, r->access_off), *rname, *ename = NULL;
	struct bpf_insn *in = &p->insns[i];
	struct cands c = {0};
	struct access a;
	bool found = false;
	int64_t value = 0;
	size_t rlen;
	int err;

	if (r->kind > CORE_TYPE_MATCHES)
		return ldr_fail(o, "instruction %u of '%s' has a CO-RE relocation of kind %u, which bpfload does not know", i,
				p->name, r->kind);
	if (!root || !parse_access(acc, &a))
		return ldr_fail(o, "instruction %u of '%s' has a CO-RE relocation with type %u and access \"%s\", which do not fit",
				i, p->name, r->type_id, acc);
	if (r->kind == CORE_TYPE_ID_LOCAL) { /* the object's own id: nothing to look up */
		value = r->type_id;
		goto patch;
	}
	if (r->kind == CORE_ENUMVAL_EXISTS || r->kind == CORE_ENUMVAL_VALUE) {
		const struct btf_enum *e = (const struct btf_enum *)(root + 1);
		const struct btf_enum64 *e64 = (const struct btf_enum64 *)(root + 1);
		uint32_t kind = BTF_INFO_KIND(root->info);
		if ((kind != BTF_KIND_ENUM && kind != BTF_KIND_ENUM64) || a.n != 1 || a.idx[0] >= BTF_INFO_VLEN(root->info))
			return ldr_fail(o, "instruction %u of '%s' has an enum CO-RE relocation on no enum value (\"%s\")", i,
					p->name, acc);
		ename = btf_view_name(lv, kind == BTF_KIND_ENUM ? e[a.idx[0]].name_off : e64[a.idx[0]].name_off);
	}
	if (!(kv = ldr_core_vmlinux(o)))
		return -ENOENT;
	rname = btf_view_name(lv, root->name_off);
	rlen = ldr_essential_len(rname);
	/* the candidates are vmlinux's types of that kind and name; only when it has none, the
	 * modules' (libbpf's order) */
	c.o = o, c.p = p, c.i = i, c.r = r, c.lid = lid, c.root = root, c.a = &a, c.ename = ename;
	c.rname = rname, c.rlen = rlen;
	if ((err = candidates(&c, kv)))
		return err;
	if (!c.ncands) {
		if ((err = ldr_core_modules(o, kv)))
			return err;
		for (size_t m = 0; m < o->nkmods; m++)
			if ((err = candidates(&c, &o->kmods[m].btf)))
				return err;
	}
	found = c.found;
	value = c.value;
	if (!found && !existence_kind(r->kind)) {
		char what[256];
		if (ename)
			snprintf(what, sizeof(what), "%.*s's value %s", (int)rlen, rname, ename);
		else
			access_text(lv, r->type_id, rname, rlen, &a, what, sizeof(what));
		return ldr_fail(o, "instruction %u of '%s' reads %s (CO-RE access \"%s\"), and %s has no such %s%s", i,
				p->name, what, acc, o->core_btf ? "the BTF of --core-btf" : "this kernel's BTF",
				ename ? "enum value" : r->kind == CORE_TYPE_SIZE ? "type" : "field",
				o->nkmods ? " (nor has any module's)" : "");
	}
patch:
	/* the value goes where clang put the local one: a load or store's offset, or an immediate */
	switch (BPF_CLASS(in->code)) {
	case BPF_LDX:
	case BPF_STX:
	case BPF_ST:
		if (r->kind != CORE_FIELD_BYTE_OFFSET || value > INT16_MAX)
			return ldr_fail(o, "instruction %u of '%s': a CO-RE value of %lld does not fit its offset", i, p->name,
					 (long long)value);
		in->off = (int16_t)value;
		return 0;
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_SRC(in->code) != BPF_K || value > INT32_MAX)
			break;
		in->imm = (int32_t)value;
		return 0;
	case BPF_LD:
		if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || i + 1 >= p->ninsns)
			break;
		in[0].imm = (int32_t)value;
		in[1].imm = (int32_t)((uint64_t)value >> 32);
		return 0;
	}
	return ldr_fail(o, "instruction %u of '%s' carries a CO-RE relocation but is no load, store or immediate", i, p->name);
}

int ldr_core_apply(struct ldr_object *o, struct ldr_prog *p, const char *sec, uint64_t start, uint64_t end, uint32_t pos)
{
	const struct btf_ext_sec *es = o->has_ext ? btf_ext_section(&o->ext, sec) : NULL;

	for (uint32_t k = 0; es && k < es->ncore; k++) {
		const struct btf_core_relo *r = &es->core[k];
		int err;
		if (r->insn_off < start || r->insn_off >= end || r->insn_off % 8)
			continue;
		err = apply_one(o, p, pos + (uint32_t)((r->insn_off - start) / 8), r);
		if (err)
			return err;
	}
	return 0;
}
