/* btf.c: building and reading BTF (see the kernel's Documentation/bpf/btf.rst for the
 * layout). Encoded explicitly in little-endian words; the reader checks every id,
 * offset and length before use. */
#include "btf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* --- building ------------------------------------------------------------------------ */

struct btfb_strs {
	uint32_t *slots; /* string offset + 1, 0 for empty */
	size_t cap, count;
};

static uint32_t str_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

void btfb_init(struct btfb *b)
{
	memset(b, 0, sizeof(*b));
	b->dedup = calloc(1, sizeof(*b->dedup));
	b->strs = malloc(256);
	if (!b->dedup || !b->strs) {
		b->oom = true;
		return;
	}
	b->strs_cap = 256;
	b->strs[0] = '\0';
	b->strs_len = 1;
}

void btfb_free(struct btfb *b)
{
	if (b->dedup)
		free(b->dedup->slots);
	free(b->dedup);
	free(b->types);
	free(b->strs);
	memset(b, 0, sizeof(*b));
}

static bool grow(void **p, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 256;
	void *q;

	if (need <= *cap)
		return true;
	while (n < need)
		n *= 2;
	q = realloc(*p, n);
	if (!q)
		return false;
	*p = q;
	*cap = n;
	return true;
}

uint32_t btfb_str_raw(struct btfb *b, const char *s, size_t len)
{
	uint32_t off = (uint32_t)b->strs_len;

	if (b->oom || !grow((void **)&b->strs, &b->strs_cap, b->strs_len + len + 1)) {
		b->oom = true;
		return 0;
	}
	memcpy(b->strs + b->strs_len, s, len);
	b->strs[b->strs_len + len] = '\0';
	b->strs_len += len + 1;
	return off;
}

static bool dedup_grow(struct btfb *b)
{
	struct btfb_strs *d = b->dedup;
	size_t ncap = d->cap ? d->cap * 2 : 256;
	uint32_t *n = calloc(ncap, sizeof(*n));

	if (!n)
		return false;
	for (size_t i = 0; i < d->cap; i++) {
		if (!d->slots[i])
			continue;
		const char *s = b->strs + d->slots[i] - 1;
		size_t j = str_hash(s, strlen(s)) & (ncap - 1);
		while (n[j])
			j = (j + 1) & (ncap - 1);
		n[j] = d->slots[i];
	}
	free(d->slots);
	d->slots = n;
	d->cap = ncap;
	return true;
}

uint32_t btfb_str(struct btfb *b, const char *s)
{
	struct btfb_strs *d = b->dedup;
	size_t len, i;
	uint32_t off;

	if (!s || !*s || b->oom)
		return 0;
	if ((d->count + 1) * 2 > d->cap && !dedup_grow(b)) {
		b->oom = true;
		return 0;
	}
	len = strlen(s);
	for (i = str_hash(s, len) & (d->cap - 1); d->slots[i]; i = (i + 1) & (d->cap - 1))
		if (!strcmp(b->strs + d->slots[i] - 1, s))
			return d->slots[i] - 1;
	off = btfb_str_raw(b, s, len);
	if (!b->oom) {
		d->slots[i] = off + 1;
		d->count++;
	}
	return off;
}

static void put32(struct btfb *b, uint32_t v)
{
	if (b->oom || !grow((void **)&b->types, &b->types_cap, b->types_len + 4)) {
		b->oom = true;
		return;
	}
	b->types[b->types_len++] = (uint8_t)v;
	b->types[b->types_len++] = (uint8_t)(v >> 8);
	b->types[b->types_len++] = (uint8_t)(v >> 16);
	b->types[b->types_len++] = (uint8_t)(v >> 24);
}

static uint32_t type_head(struct btfb *b, const char *name, int kind, uint16_t vlen, bool kflag,
			  uint32_t size_or_type)
{
	put32(b, btfb_str(b, name));
	put32(b, (uint32_t)vlen | (uint32_t)kind << 24 | (kflag ? 1u << 31 : 0));
	put32(b, size_or_type);
	return ++b->ntypes;
}

uint32_t btfb_int(struct btfb *b, const char *name, uint32_t size, uint8_t encoding)
{
	uint32_t id = type_head(b, name, BTF_KIND_INT, 0, false, size);

	put32(b, (uint32_t)encoding << 24 | size * 8);
	return id;
}

uint32_t btfb_ref(struct btfb *b, int kind, const char *name, uint32_t type)
{
	return type_head(b, name, kind, 0, false, type);
}

uint32_t btfb_array(struct btfb *b, uint32_t elem, uint32_t index, uint32_t nelems)
{
	uint32_t id = type_head(b, NULL, BTF_KIND_ARRAY, 0, false, 0);

	put32(b, elem);
	put32(b, index);
	put32(b, nelems);
	return id;
}

uint32_t btfb_struct(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return type_head(b, name, BTF_KIND_STRUCT, vlen, false, size);
}

void btfb_member(struct btfb *b, const char *name, uint32_t type, uint32_t bit_offset)
{
	put32(b, btfb_str(b, name));
	put32(b, type);
	put32(b, bit_offset);
}

uint32_t btfb_enum(struct btfb *b, const char *name, uint32_t size, uint16_t vlen, bool is_signed)
{
	return type_head(b, name, size > 4 ? BTF_KIND_ENUM64 : BTF_KIND_ENUM, vlen, is_signed, size);
}

void btfb_enum_val(struct btfb *b, const char *name, int64_t val, bool wide)
{
	put32(b, btfb_str(b, name));
	put32(b, (uint32_t)val);
	if (wide)
		put32(b, (uint32_t)((uint64_t)val >> 32));
}

uint32_t btfb_proto(struct btfb *b, uint32_t ret, uint16_t vlen)
{
	return type_head(b, NULL, BTF_KIND_FUNC_PROTO, vlen, false, ret);
}

void btfb_param(struct btfb *b, const char *name, uint32_t type)
{
	put32(b, btfb_str(b, name));
	put32(b, type);
}

uint32_t btfb_func(struct btfb *b, const char *name, uint32_t proto, int linkage)
{
	return type_head(b, name, BTF_KIND_FUNC, (uint16_t)linkage, false, proto);
}

uint32_t btfb_var(struct btfb *b, const char *name, uint32_t type, int linkage)
{
	uint32_t id = type_head(b, name, BTF_KIND_VAR, 0, false, type);

	put32(b, (uint32_t)linkage);
	return id;
}

uint32_t btfb_datasec(struct btfb *b, const char *name, uint32_t size, uint16_t vlen)
{
	return type_head(b, name, BTF_KIND_DATASEC, vlen, false, size);
}

void btfb_secinfo(struct btfb *b, uint32_t type, uint32_t offset, uint32_t size)
{
	put32(b, type);
	put32(b, offset);
	put32(b, size);
}

int btfb_finish(struct btfb *b, uint8_t **out, size_t *len)
{
	size_t total = sizeof(struct btf_header) + b->types_len + b->strs_len;
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(struct btf_header),
		.type_off = 0,
		.type_len = (uint32_t)b->types_len,
		.str_off = (uint32_t)b->types_len,
		.str_len = (uint32_t)b->strs_len,
	};
	uint8_t *p;

	if (b->oom)
		return -ENOMEM;
	p = malloc(total);
	if (!p)
		return -ENOMEM;
	memcpy(p, &h, sizeof(h)); /* the header's fields are little-endian on every BPF host we build for */
	if (b->types_len)
		memcpy(p + sizeof(h), b->types, b->types_len);
	memcpy(p + sizeof(h) + b->types_len, b->strs, b->strs_len);
	*out = p;
	*len = total;
	return 0;
}

/* --- reading ------------------------------------------------------------------------- */

static int bad(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Fail out of btf_view_open: the message first (its arguments may point into the copy),
 * then the copy freed. */
static int bad_close(struct btf_view *v, char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int bad_close(struct btf_view *v, char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	btf_view_close(v);
	return -EINVAL;
}

static const char *const kind_names[] = {
	"UNKN", "INT", "PTR", "ARRAY", "STRUCT", "UNION", "ENUM", "FWD", "TYPEDEF", "VOLATILE",
	"CONST", "RESTRICT", "FUNC", "FUNC_PROTO", "VAR", "DATASEC", "FLOAT", "DECL_TAG",
	"TYPE_TAG", "ENUM64",
};

const char *btf_kind_name(int kind)
{
	return kind >= 0 && kind < (int)(sizeof(kind_names) / sizeof(kind_names[0])) ? kind_names[kind] : "UNKN";
}

/* Bytes that follow the common header for a type of this kind. */
static int64_t extra_size(const struct btf_type *t)
{
	uint32_t vlen = BTF_INFO_VLEN(t->info);

	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT: return 4;
	case BTF_KIND_PTR: case BTF_KIND_FWD: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST: case BTF_KIND_RESTRICT: case BTF_KIND_FUNC: case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return 0;
	case BTF_KIND_ARRAY: return sizeof(struct btf_array);
	case BTF_KIND_STRUCT: case BTF_KIND_UNION: return (int64_t)vlen * sizeof(struct btf_member);
	case BTF_KIND_ENUM: return (int64_t)vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64: return (int64_t)vlen * 12;
	case BTF_KIND_FUNC_PROTO: return (int64_t)vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR: return sizeof(struct btf_var);
	case BTF_KIND_DATASEC: return (int64_t)vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG: return 4;
	}
	return -1;
}

static int view_open(struct btf_view *v, const struct btf_view *over, const void *data, size_t len, char *err,
		     size_t errlen)
{
	struct btf_header h;
	const uint8_t *base;
	size_t cap = 64, off;
	uint32_t n = over ? over->ntypes : 1;

	memset(v, 0, sizeof(*v));
	if (len < sizeof(h))
		return bad(err, errlen, ".BTF is %zu bytes, shorter than its header", len);
	v->raw = malloc(len);
	if (!v->raw)
		return -ENOMEM;
	memcpy(v->raw, data, len);
	v->raw_len = len;
	base = v->raw;
	memcpy(&h, base, sizeof(h));
	if (h.magic != BTF_MAGIC)
		return bad_close(v, err, errlen, ".BTF has magic 0x%04x, not 0x%04x", h.magic, BTF_MAGIC);
	if (h.version != BTF_VERSION)
		return bad_close(v, err, errlen, ".BTF version %u is not supported", h.version);
	if (h.hdr_len < sizeof(h) || h.hdr_len > len || h.hdr_len % 4)
		return bad_close(v, err, errlen, ".BTF header length %u is wrong", h.hdr_len);
	if ((uint64_t)h.hdr_len + h.type_off + h.type_len > len || (uint64_t)h.hdr_len + h.str_off + h.str_len > len)
		return bad_close(v, err, errlen, ".BTF type or string section lies outside its %zu bytes", len);
	if (h.type_off % 4 || h.type_len % 4)
		return bad_close(v, err, errlen, ".BTF type section is not 4-byte aligned");
	/* split BTF's strings go on from its base's: they need not start with an empty one */
	if (!h.str_len || base[h.hdr_len + h.str_off + h.str_len - 1] != '\0' || (!over && base[h.hdr_len + h.str_off]))
		return bad_close(v, err, errlen, ".BTF string section is not a list of NUL-terminated strings");
	v->types = base + h.hdr_len + h.type_off;
	v->types_len = h.type_len;
	v->strs = (const char *)base + h.hdr_len + h.str_off;
	v->strs_len = h.str_len;
	v->first = n;
	if (over) {
		if ((uint64_t)over->base_strs_len + over->strs_len + h.str_len > UINT32_MAX)
			return bad_close(v, err, errlen, "split BTF's strings run past 4 GiB");
		v->base_strs = over->strs; /* a base that is itself split is not supported */
		v->base_strs_len = over->strs_len;
		while (cap < (size_t)n + 1)
			cap *= 2;
	}
	v->type = malloc(cap * sizeof(*v->type));
	if (!v->type)
		return btf_view_close(v), -ENOMEM;
	v->type[0] = NULL;
	if (over)
		memcpy(v->type + 1, over->type + 1, (n - 1) * sizeof(*v->type));
	for (off = 0; off < v->types_len; n++) {
		const struct btf_type *t = (const struct btf_type *)(v->types + off);
		int64_t extra;
		if (v->types_len - off < sizeof(*t))
			return bad_close(v, err, errlen, "BTF type %u is cut short", n);
		extra = extra_size(t);
		if (extra < 0)
			return bad_close(v, err, errlen, "BTF type %u has unknown kind %u", n, BTF_INFO_KIND(t->info));
		if ((uint64_t)off + sizeof(*t) + (uint64_t)extra > v->types_len)
			return bad_close(v, err, errlen, "BTF type %u runs past the type section", n);
		if (t->name_off >= v->base_strs_len + v->strs_len)
			return bad_close(v, err, errlen, "BTF type %u has a name outside the strings", n);
		if (n == UINT32_MAX)
			return bad_close(v, err, errlen, "BTF has more types than ids");
		if (n == cap) {
			const struct btf_type **nt = realloc(v->type, cap * 2 * sizeof(*v->type));
			if (!nt)
				return btf_view_close(v), -ENOMEM;
			v->type = nt;
			cap *= 2;
		}
		v->type[n] = t;
		off += sizeof(*t) + (size_t)extra;
	}
	v->ntypes = n;
	return 0;
}

int btf_view_open(struct btf_view *v, const void *data, size_t len, char *err, size_t errlen)
{
	return view_open(v, NULL, data, len, err, errlen);
}

int btf_view_open_split(struct btf_view *v, const struct btf_view *base, const void *data, size_t len, char *err,
			size_t errlen)
{
	if (base->base_strs)
		return bad(err, errlen, "split BTF on a base that is itself split is not supported");
	return view_open(v, base, data, len, err, errlen);
}

void btf_view_close(struct btf_view *v)
{
	free(v->raw);
	free(v->type);
	memset(v, 0, sizeof(*v));
}

const char *btf_view_name(const struct btf_view *v, uint32_t off)
{
	if (off < v->base_strs_len)
		return v->base_strs + off;
	off -= v->base_strs_len;
	return off < v->strs_len ? v->strs + off : "";
}

const struct btf_type *btf_view_type(const struct btf_view *v, uint32_t id)
{
	return id && id < v->ntypes ? v->type[id] : NULL;
}

uint32_t btf_view_skip(const struct btf_view *v, uint32_t id)
{
	for (int guard = 0; guard < 64; guard++) {
		const struct btf_type *t = btf_view_type(v, id);
		int k;
		if (!t)
			return id;
		k = BTF_INFO_KIND(t->info);
		if (k != BTF_KIND_TYPEDEF && k != BTF_KIND_VOLATILE && k != BTF_KIND_CONST &&
		    k != BTF_KIND_RESTRICT && k != BTF_KIND_TYPE_TAG)
			return id;
		id = t->type;
	}
	return 0;
}

int64_t btf_view_size(const struct btf_view *v, uint32_t id)
{
	uint64_t count = 1; /* elements of the arrays on the way down */

	/* a loop, not recursion, and bounded: untrusted BTF can make an array of itself */
	for (int guard = 0; guard < 64; guard++) {
		const struct btf_type *t = btf_view_type(v, btf_view_skip(v, id));
		const struct btf_array *a;
		uint64_t size;
		if (!t)
			return -1;
		switch (BTF_INFO_KIND(t->info)) {
		case BTF_KIND_INT: case BTF_KIND_STRUCT: case BTF_KIND_UNION: case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64: case BTF_KIND_DATASEC: case BTF_KIND_FLOAT:
		case BTF_KIND_PTR:
			size = BTF_INFO_KIND(t->info) == BTF_KIND_PTR ? 8 : t->size;
			if (count && size > (uint64_t)INT64_MAX / count)
				return -1; /* no real type is that large */
			return (int64_t)(size * count);
		case BTF_KIND_ARRAY:
			a = (const struct btf_array *)(t + 1);
			if (a->nelems && count > (uint64_t)INT64_MAX / a->nelems)
				return -1;
			count *= a->nelems;
			id = a->type;
			continue;
		case BTF_KIND_VAR:
			id = t->type;
			continue;
		default:
			return -1;
		}
	}
	return -1;
}

uint32_t btf_view_find(const struct btf_view *v, const char *name, int kind)
{
	for (uint32_t i = 1; i < v->ntypes; i++)
		if (BTF_INFO_KIND(v->type[i]->info) == kind && !strcmp(btf_view_name(v, v->type[i]->name_off), name))
			return i;
	return 0;
}

static const char *nm(const struct btf_view *v, uint32_t off)
{
	const char *s = btf_view_name(v, off);
	return *s ? s : "(anon)";
}

void btf_view_dump(const struct btf_view *v, FILE *out)
{
	static const char *const linkage[] = {"static", "global", "extern"};

	for (uint32_t i = 1; i < v->ntypes; i++) {
		const struct btf_type *t = v->type[i];
		int kind = BTF_INFO_KIND(t->info);
		uint32_t vlen = BTF_INFO_VLEN(t->info);

		fprintf(out, "[%u] %s '%s'", i, btf_kind_name(kind), nm(v, t->name_off));
		switch (kind) {
		case BTF_KIND_INT: {
			uint32_t e = *(const uint32_t *)(t + 1);
			fprintf(out, " size=%u bits_offset=%u nr_bits=%u encoding=%s\n", t->size, BTF_INT_OFFSET(e),
				BTF_INT_BITS(e), BTF_INT_ENCODING(e) & BTF_INT_SIGNED ? "SIGNED"
				: BTF_INT_ENCODING(e) & BTF_INT_CHAR ? "CHAR" : BTF_INT_ENCODING(e) & BTF_INT_BOOL ? "BOOL" : "(none)");
			break;
		}
		case BTF_KIND_PTR: case BTF_KIND_TYPEDEF: case BTF_KIND_VOLATILE: case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT: case BTF_KIND_TYPE_TAG:
			fprintf(out, " type_id=%u\n", t->type);
			break;
		case BTF_KIND_ARRAY: {
			const struct btf_array *a = (const struct btf_array *)(t + 1);
			fprintf(out, " type_id=%u index_type_id=%u nr_elems=%u\n", a->type, a->index_type, a->nelems);
			break;
		}
		case BTF_KIND_STRUCT: case BTF_KIND_UNION: {
			const struct btf_member *m = (const struct btf_member *)(t + 1);
			fprintf(out, " size=%u vlen=%u\n", t->size, vlen);
			for (uint32_t k = 0; k < vlen; k++)
				fprintf(out, "\t'%s' type_id=%u bits_offset=%u\n", nm(v, m[k].name_off), m[k].type, m[k].offset);
			break;
		}
		case BTF_KIND_ENUM: case BTF_KIND_ENUM64: {
			const uint32_t *e = (const uint32_t *)(t + 1);
			bool wide = kind == BTF_KIND_ENUM64;
			fprintf(out, " encoding=%s size=%u vlen=%u\n", BTF_INFO_KFLAG(t->info) ? "SIGNED" : "UNSIGNED", t->size, vlen);
			for (uint32_t k = 0; k < vlen; k++, e += wide ? 3 : 2) {
				int64_t val = wide ? (int64_t)((uint64_t)e[1] | (uint64_t)e[2] << 32)
					: BTF_INFO_KFLAG(t->info) ? (int32_t)e[1] : (int64_t)e[1];
				fprintf(out, "\t'%s' val=%lld\n", nm(v, e[0]), (long long)val);
			}
			break;
		}
		case BTF_KIND_FWD:
			fprintf(out, " fwd_kind=%s\n", BTF_INFO_KFLAG(t->info) ? "union" : "struct");
			break;
		case BTF_KIND_FUNC:
			fprintf(out, " type_id=%u linkage=%s\n", t->type, vlen < 3 ? linkage[vlen] : "?");
			break;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *p = (const struct btf_param *)(t + 1);
			fprintf(out, " ret_type_id=%u vlen=%u\n", t->type, vlen);
			for (uint32_t k = 0; k < vlen; k++)
				fprintf(out, "\t'%s' type_id=%u\n", nm(v, p[k].name_off), p[k].type);
			break;
		}
		case BTF_KIND_VAR: {
			uint32_t l = ((const struct btf_var *)(t + 1))->linkage;
			fprintf(out, " type_id=%u, linkage=%s\n", t->type,
				l == 0 ? "static" : l == 1 ? "global" : "extern");
			break;
		}
		case BTF_KIND_DATASEC: {
			const struct btf_var_secinfo *s = (const struct btf_var_secinfo *)(t + 1);
			fprintf(out, " size=%u vlen=%u\n", t->size, vlen);
			for (uint32_t k = 0; k < vlen; k++) {
				const struct btf_type *vt = btf_view_type(v, s[k].type);
				fprintf(out, "\ttype_id=%u offset=%u size=%u (VAR '%s')\n", s[k].type, s[k].offset, s[k].size,
					vt ? nm(v, vt->name_off) : "?");
			}
			break;
		}
		case BTF_KIND_FLOAT:
			fprintf(out, " size=%u\n", t->size);
			break;
		case BTF_KIND_DECL_TAG:
			fprintf(out, " type_id=%u component_idx=%d\n", t->type, *(const int32_t *)(t + 1));
			break;
		default:
			fputc('\n', out);
		}
	}
}

/* --- .BTF.ext ------------------------------------------------------------------------ */

struct ext_header {
	uint16_t magic;
	uint8_t version, flags;
	uint32_t hdr_len;
	uint32_t func_info_off, func_info_len, line_info_off, line_info_len;
};

void btf_ext_close(struct btf_ext_view *x)
{
	for (uint32_t i = 0; i < x->nsecs; i++) {
		free(x->secs[i].lines);
		free(x->secs[i].funcs);
		free(x->secs[i].core);
	}
	free(x->secs);
	memset(x, 0, sizeof(*x));
}

static struct btf_ext_sec *sec_for(struct btf_ext_view *x, const char *name)
{
	struct btf_ext_sec *n;

	for (uint32_t i = 0; i < x->nsecs; i++)
		if (!strcmp(x->secs[i].name, name))
			return &x->secs[i];
	n = realloc(x->secs, (x->nsecs + 1) * sizeof(*n));
	if (!n)
		return NULL;
	x->secs = n;
	memset(&n[x->nsecs], 0, sizeof(*n));
	n[x->nsecs].name = name;
	return &n[x->nsecs++];
}

/* One subsection (func_info or line_info): record size, then per-section blocks. */
enum { INFO_FUNC, INFO_LINE, INFO_CORE };

static int read_info(struct btf_ext_view *x, const struct btf_view *v, const uint8_t *p, uint32_t len,
		     int what, char *err, size_t errlen)
{
	static const char *const what_name[] = {"func_info", "line_info", "CO-RE relocations"};
	bool lines = what == INFO_LINE;
	uint32_t rec, off = 4;

	if (!len)
		return 0;
	if (len < 4)
		return bad(err, errlen, ".BTF.ext %s is cut short", what_name[what]);
	memcpy(&rec, p, 4);
	if (rec < (what == INFO_FUNC ? 8u : 16u) || rec > 256)
		return bad(err, errlen, ".BTF.ext %s records of %u bytes are not supported", what_name[what], rec);
	while (off < len) {
		uint32_t name_off, n;
		struct btf_ext_sec *s;
		if (len - off < 8)
			return bad(err, errlen, ".BTF.ext section header cut short");
		memcpy(&name_off, p + off, 4);
		memcpy(&n, p + off + 4, 4);
		off += 8;
		if (name_off >= v->strs_len || (uint64_t)n * rec > len - off)
			return bad(err, errlen, ".BTF.ext names a section outside the strings or has too many records");
		s = sec_for(x, btf_view_name(v, name_off));
		if (!s)
			return -ENOMEM;
		if (what == INFO_CORE) {
			struct btf_core_relo *c = realloc(s->core, (s->ncore + n + 1) * sizeof(*c));
			if (!c)
				return -ENOMEM;
			s->core = c;
			for (uint32_t i = 0; i < n; i++, off += rec) {
				memcpy(&c[s->ncore], p + off, 16);
				if (c[s->ncore].access_off >= v->strs_len)
					return bad(err, errlen, ".BTF.ext CO-RE relocation has an access string outside the strings");
				s->ncore++;
			}
			x->ncore_relos += n;
		} else if (lines) {
			struct btf_line *l = realloc(s->lines, (s->nlines + n + 1) * sizeof(*l));
			if (!l)
				return -ENOMEM;
			s->lines = l;
			for (uint32_t i = 0; i < n; i++, off += rec) {
				uint32_t r[4];
				memcpy(r, p + off, 16);
				l[s->nlines].insn_off = r[0];
				l[s->nlines].file = btf_view_name(v, r[1]);
				l[s->nlines].text = btf_view_name(v, r[2]);
				l[s->nlines].line = (r[3] >> 10);
				l[s->nlines].col = (r[3] & 0x3ff);
				l[s->nlines].file_off = r[1];
				l[s->nlines].text_off = r[2];
				l[s->nlines].line_col = r[3];
				s->nlines++;
			}
		} else {
			void *f = realloc(s->funcs, (s->nfuncs + n + 1) * sizeof(*s->funcs));
			if (!f)
				return -ENOMEM;
			s->funcs = f;
			for (uint32_t i = 0; i < n; i++, off += rec) {
				memcpy(&s->funcs[s->nfuncs].insn_off, p + off, 4);
				memcpy(&s->funcs[s->nfuncs].type_id, p + off + 4, 4);
				s->nfuncs++;
			}
		}
	}
	return 0;
}

int btf_ext_open(struct btf_ext_view *x, const struct btf_view *v, const void *data, size_t len,
		 char *err, size_t errlen)
{
	struct ext_header h;
	const uint8_t *p = data;
	int ret;

	memset(x, 0, sizeof(*x));
	if (len < 8)
		return bad(err, errlen, ".BTF.ext is %zu bytes, shorter than its header", len);
	memcpy(&h, p, len < sizeof(h) ? len : sizeof(h));
	if (h.magic != BTF_MAGIC || h.version != BTF_VERSION)
		return bad(err, errlen, ".BTF.ext has a wrong magic or version");
	if (h.hdr_len < sizeof(h) || h.hdr_len > len)
		return bad(err, errlen, ".BTF.ext header length %u is wrong", h.hdr_len);
	if ((uint64_t)h.hdr_len + h.func_info_off + h.func_info_len > len ||
	    (uint64_t)h.hdr_len + h.line_info_off + h.line_info_len > len)
		return bad(err, errlen, ".BTF.ext func_info or line_info lies outside its %zu bytes", len);
	ret = read_info(x, v, p + h.hdr_len + h.func_info_off, h.func_info_len, INFO_FUNC, err, errlen);
	if (!ret)
		ret = read_info(x, v, p + h.hdr_len + h.line_info_off, h.line_info_len, INFO_LINE, err, errlen);
	if (!ret && h.hdr_len >= sizeof(h) + 8) { /* core_relo_off, core_relo_len follow */
		uint32_t off, clen;
		memcpy(&off, p + sizeof(h), 4);
		memcpy(&clen, p + sizeof(h) + 4, 4);
		if ((uint64_t)h.hdr_len + off + clen > len)
			ret = bad(err, errlen, ".BTF.ext CO-RE relocations lie outside its %zu bytes", len);
		else
			ret = read_info(x, v, p + h.hdr_len + off, clen, INFO_CORE, err, errlen);
	}
	if (ret)
		btf_ext_close(x);
	return ret;
}

const struct btf_ext_sec *btf_ext_section(const struct btf_ext_view *x, const char *name)
{
	for (uint32_t i = 0; i < x->nsecs; i++)
		if (!strcmp(x->secs[i].name, name))
			return &x->secs[i];
	return NULL;
}

const struct btf_line *btf_ext_line(const struct btf_ext_sec *s, uint32_t off)
{
	uint32_t lo = 0, hi = s ? s->nlines : 0;

	while (lo < hi) { /* first record past off */
		uint32_t mid = (lo + hi) / 2;
		if (s->lines[mid].insn_off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo ? &s->lines[lo - 1] : NULL;
}
