/* print.c: reading maps with BPF_MAP_GET_NEXT_KEY and BPF_MAP_LOOKUP_ELEM, and printing
 * keys and values by their BTF types: numbers by signedness, enums by label (also an
 * array key that is a typedef named after an enum), structs by member, per-CPU values
 * summed. Without BTF, sizes of 1, 2, 4 and 8 bytes print as numbers, others as hex. */
#include "print.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "sys.h"

int ldr_possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	int n = 0, a, b;
	char c;

	if (!f)
		return 1;
	while (fscanf(f, "%d", &a) == 1) {
		b = a;
		if (fscanf(f, "%c", &c) == 1 && c == '-') {
			if (fscanf(f, "%d", &b) != 1)
				break;
			if (fscanf(f, "%c", &c) != 1)
				c = '\n';
		}
		n += b - a + 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n > 0 ? n : 1;
}

static bool percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH || type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static bool is_array(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static uint64_t le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;

	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static void put_le(uint8_t *p, unsigned n, uint64_t v)
{
	for (unsigned i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

struct printer {
	struct ldr_object *o;
	const struct btf_view *v; /* NULL without BTF */
	bool json;
	FILE *f;
};

void ldr_json_string(FILE *f, const char *s, size_t n)
{
	fputc('"', f);
	for (size_t i = 0; i < n && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void raw(struct printer *pr, const uint8_t *d, uint32_t size)
{
	if (size == 1 || size == 2 || size == 4 || size == 8) {
		fprintf(pr->f, "%" PRIu64, le(d, size));
		return;
	}
	if (pr->json)
		fputc('"', pr->f);
	fputs("0x", pr->f);
	for (uint32_t i = 0; i < size; i++)
		fprintf(pr->f, "%02x", d[i]);
	if (pr->json)
		fputc('"', pr->f);
}

/* An enum with this name, for array keys typed as a typedef of it (see btf_gen.c). */
static uint32_t enum_named(const struct btf_view *v, const char *name)
{
	uint32_t id = btf_view_find(v, name, BTF_KIND_ENUM);
	return id ? id : btf_view_find(v, name, BTF_KIND_ENUM64);
}

static void render(struct printer *pr, uint32_t id, const uint8_t *d, uint32_t size, int depth);

static void render_enum(struct printer *pr, const struct btf_type *t, const uint8_t *d, uint32_t size)
{
	bool wide = BTF_INFO_KIND(t->info) == BTF_KIND_ENUM64;
	const uint32_t *e = (const uint32_t *)(t + 1);
	uint64_t v = le(d, size < 8 ? size : 8);

	for (uint32_t k = 0; k < BTF_INFO_VLEN(t->info); k++, e += wide ? 3 : 2) {
		uint64_t ev = wide ? ((uint64_t)e[1] | (uint64_t)e[2] << 32) : e[1];
		if (size < 8)
			ev &= (UINT64_C(1) << (size * 8)) - 1;
		if (ev == v) {
			const char *label = btf_view_name(pr->v, e[0]);
			if (pr->json)
				ldr_json_string(pr->f, label, strlen(label));
			else
				fputs(label, pr->f);
			return;
		}
	}
	fprintf(pr->f, "%" PRIu64, v);
}

static void render(struct printer *pr, uint32_t id, const uint8_t *d, uint32_t size, int depth)
{
	const struct btf_type *t;
	int kind;

	if (!pr->v || !id || depth > 16) {
		raw(pr, d, size);
		return;
	}
	t = btf_view_type(pr->v, id);
	if (t && BTF_INFO_KIND(t->info) == BTF_KIND_TYPEDEF) {
		uint32_t e = enum_named(pr->v, btf_view_name(pr->v, t->name_off));
		if (e) {
			render_enum(pr, btf_view_type(pr->v, e), d, size);
			return;
		}
	}
	id = btf_view_skip(pr->v, id);
	t = btf_view_type(pr->v, id);
	if (!t) {
		raw(pr, d, size);
		return;
	}
	kind = BTF_INFO_KIND(t->info);
	switch (kind) {
	case BTF_KIND_INT: {
		uint32_t enc = *(const uint32_t *)(t + 1);
		if (t->size > 8 || t->size > size || BTF_INT_OFFSET(enc)) {
			raw(pr, d, size);
		} else if (BTF_INT_ENCODING(enc) & BTF_INT_BOOL) {
			fputs(le(d, t->size) ? "true" : "false", pr->f);
		} else if (BTF_INT_ENCODING(enc) & BTF_INT_SIGNED) {
			uint64_t v = le(d, t->size);
			unsigned sh = 64 - 8 * t->size;
			fprintf(pr->f, "%" PRId64, sh ? (int64_t)(v << sh) >> sh : (int64_t)v);
		} else {
			fprintf(pr->f, "%" PRIu64, le(d, t->size));
		}
		return;
	}
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		render_enum(pr, t, d, size);
		return;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION: {
		const struct btf_member *m = (const struct btf_member *)(t + 1);
		fputc('{', pr->f);
		for (uint32_t k = 0; k < BTF_INFO_VLEN(t->info); k++) {
			uint32_t bit = BTF_INFO_KFLAG(t->info) ? m[k].offset & 0xffffff : m[k].offset;
			int64_t ms = btf_view_size(pr->v, m[k].type);
			const char *mn = btf_view_name(pr->v, m[k].name_off);
			if (k)
				fputs(", ", pr->f);
			if (pr->json)
				ldr_json_string(pr->f, *mn ? mn : "(anon)", strlen(*mn ? mn : "(anon)")), fputs(": ", pr->f);
			else
				fprintf(pr->f, "%s: ", *mn ? mn : "(anon)");
			if (bit % 8 || ms < 0 || bit / 8 + (uint64_t)ms > size)
				fputs(pr->json ? "null" : "?", pr->f);
			else
				render(pr, m[k].type, d + bit / 8, (uint32_t)ms, depth + 1);
		}
		fputc('}', pr->f);
		return;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const struct btf_array *)(t + 1);
		int64_t es = btf_view_size(pr->v, a->type);
		const struct btf_type *et = btf_view_type(pr->v, btf_view_skip(pr->v, a->type));
		if (es == 1 && et && BTF_INFO_KIND(et->info) == BTF_KIND_INT) { /* chars: a string */
			size_t n = strnlen((const char *)d, size < a->nelems ? size : a->nelems);
			if (pr->json) {
				ldr_json_string(pr->f, (const char *)d, n);
				return;
			}
			fputc('"', pr->f);
			for (size_t i = 0; i < n; i++) {
				unsigned char ch = d[i];
				if (ch == '\n')
					fputs("\\n", pr->f);
				else if (ch == '"' || ch == '\\')
					fprintf(pr->f, "\\%c", ch);
				else if (ch < 0x20 || ch >= 0x7f)
					fprintf(pr->f, "\\x%02x", ch);
				else
					fputc(ch, pr->f);
			}
			fputc('"', pr->f);
			return;
		}
		fputc('[', pr->f);
		for (uint32_t k = 0; es > 0 && k < a->nelems && (uint64_t)(k + 1) * (uint64_t)es <= size; k++) {
			if (k)
				fputs(", ", pr->f);
			render(pr, a->type, d + (uint64_t)k * (uint64_t)es, (uint32_t)es, depth + 1);
		}
		fputc(']', pr->f);
		return;
	}
	case BTF_KIND_DATASEC: { /* global data: its variables by name */
		const struct btf_var_secinfo *vs = (const struct btf_var_secinfo *)(t + 1);
		fputc('{', pr->f);
		for (uint32_t k = 0; k < BTF_INFO_VLEN(t->info); k++) {
			const struct btf_type *var = btf_view_type(pr->v, vs[k].type);
			const char *vn = var ? btf_view_name(pr->v, var->name_off) : "?";
			if (k)
				fputs(", ", pr->f);
			if (pr->json)
				ldr_json_string(pr->f, vn, strlen(vn)), fputs(": ", pr->f);
			else
				fprintf(pr->f, "%s: ", vn);
			if (!var || (uint64_t)vs[k].offset + vs[k].size > size)
				fputs(pr->json ? "null" : "?", pr->f);
			else
				render(pr, var->type, d + vs[k].offset, vs[k].size, depth + 1);
		}
		fputc('}', pr->f);
		return;
	}
	default:
		raw(pr, d, size);
	}
}

/* Per-CPU values: add every CPU's integers into the first. */
static void sum_leaves(const struct btf_view *v, uint32_t id, uint8_t *acc, const uint8_t *d, uint32_t size, int depth)
{
	const struct btf_type *t;

	if (!v || !id || depth > 16) {
		if (size == 1 || size == 2 || size == 4 || size == 8)
			put_le(acc, size, le(acc, size) + le(d, size));
		return;
	}
	id = btf_view_skip(v, id);
	t = btf_view_type(v, id);
	if (!t)
		return;
	switch (BTF_INFO_KIND(t->info)) {
	case BTF_KIND_INT:
		if (t->size <= 8 && t->size <= size)
			put_le(acc, t->size, le(acc, t->size) + le(d, t->size));
		return;
	case BTF_KIND_STRUCT: {
		const struct btf_member *m = (const struct btf_member *)(t + 1);
		for (uint32_t k = 0; k < BTF_INFO_VLEN(t->info); k++) {
			uint32_t bit = BTF_INFO_KFLAG(t->info) ? m[k].offset & 0xffffff : m[k].offset;
			int64_t ms = btf_view_size(v, m[k].type);
			if (bit % 8 == 0 && ms > 0 && bit / 8 + (uint64_t)ms <= size)
				sum_leaves(v, m[k].type, acc + bit / 8, d + bit / 8, (uint32_t)ms, depth + 1);
		}
		return;
	}
	case BTF_KIND_ARRAY: {
		const struct btf_array *a = (const struct btf_array *)(t + 1);
		int64_t es = btf_view_size(v, a->type);
		for (uint32_t k = 0; es > 0 && k < a->nelems && (uint64_t)(k + 1) * (uint64_t)es <= size; k++)
			sum_leaves(v, a->type, acc + k * es, d + k * es, (uint32_t)es, depth + 1);
		return;
	}
	default:
		return;
	}
}

struct entry {
	uint8_t *key, *value;
};


static int cmp_entry(const void *a, const void *b, void *arg)
{
	const struct entry *x = a, *y = b;
	uint32_t n = *(const uint32_t *)arg;

	if (n <= 8) {
		uint64_t p = le(x->key, n), q = le(y->key, n);
		return p < q ? -1 : p > q;
	}
	return memcmp(x->key, y->key, n);
}

static bool wanted(const struct ldr_map *m, const struct ldr_print_options *opt)
{
	if (!opt->nonly)
		return m->kind != LDR_MAP_DATA && m->kind != LDR_MAP_STRUCT_OPS;
	for (size_t i = 0; i < opt->nonly; i++)
		if (!strcmp(opt->only[i], m->name))
			return true;
	return false;
}

/* Maps whose contents are not key/value entries to walk (event channels, program
 * tables, a filter, an arena's pages) are left out of the prints. */
static bool has_entries(uint32_t type)
{
	switch (type) {
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS: /* their inner maps are printed as maps of their own */
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_BLOOM_FILTER:
	case 33: /* BPF_MAP_TYPE_ARENA (kernel 6.9), an enum newer than some headers */
		return false;
	}
	return true;
}

static int print_map(struct printer *pr, struct ldr_map *m, const struct ldr_print_options *opt, bool first)
{
	int ncpu = percpu(m->type) ? ldr_possible_cpus() : 1;
	uint32_t vstride = percpu(m->type) ? (m->value_size + 7) / 8 * 8 : m->value_size;
	uint8_t *key = calloc(1, m->key_size + 1), *next = calloc(1, m->key_size + 1);
	uint8_t *buf = calloc((size_t)ncpu, vstride + 8);
	struct entry *ents = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	bool have_key = false;
	const struct ldr_map_reader *rd = opt->reader;

	if (!key || !next || !buf) {
		err = -ENOMEM;
		goto out;
	}
	while ((rd ? rd->next_key(rd->arg, m, have_key ? key : NULL, next) : ldr_sys_map_get_next_key(m->fd, have_key ? key : NULL, next)) == 0) {
		memcpy(key, next, m->key_size);
		have_key = true;
		if (rd ? rd->lookup(rd->arg, m, key, buf) : ldr_sys_map_lookup_elem(m->fd, key, buf))
			continue; /* deleted meanwhile */
		for (int c = 1; c < ncpu; c++)
			sum_leaves(pr->v, m->btf_value, buf, buf + (size_t)c * vstride, m->value_size, 0);
		if (is_array(m->type)) {
			bool zero = true;
			for (uint32_t i = 0; i < m->value_size && zero; i++)
				zero = !buf[i];
			if (zero)
				continue;
		}
		if (n == cap) {
			struct entry *q = realloc(ents, (cap = cap ? cap * 2 : 64) * sizeof(*ents));
			if (!q) {
				err = -ENOMEM;
				goto out;
			}
			ents = q;
		}
		ents[n].key = malloc(m->key_size + 1);
		ents[n].value = malloc(m->value_size + 1);
		if (!ents[n].key || !ents[n].value) {
			free(ents[n].key);
			free(ents[n].value);
			err = -ENOMEM;
			goto out;
		}
		memcpy(ents[n].key, key, m->key_size);
		memcpy(ents[n].value, buf, m->value_size);
		n++;
		if (n > 100000)
			break;
	}
	if (n)
		qsort_r(ents, n, sizeof(*ents), cmp_entry, &m->key_size);
	if (pr->json) {
		fprintf(pr->f, "%s", first ? "" : ", ");
		ldr_json_string(pr->f, m->name, strlen(m->name));
		fputs(": [", pr->f);
		for (size_t i = 0; i < n; i++) {
			fprintf(pr->f, "%s{\"key\": ", i ? ", " : "");
			render(pr, m->btf_key, ents[i].key, m->key_size, 0);
			fputs(", \"value\": ", pr->f);
			render(pr, m->btf_value, ents[i].value, m->value_size, 0);
			fputc('}', pr->f);
		}
		fputc(']', pr->f);
	} else {
		if (opt->when)
			fprintf(pr->f, "%s (%s):%s\n", m->name, opt->when, n ? "" : " empty");
		else
			fprintf(pr->f, "%s (%s%.1f s):%s\n", m->name, opt->final ? "final, " : "", opt->time, n ? "" : " empty");
		for (size_t i = 0; i < n; i++) {
			fputs("  ", pr->f);
			render(pr, m->btf_key, ents[i].key, m->key_size, 0);
			fputc(' ', pr->f);
			render(pr, m->btf_value, ents[i].value, m->value_size, 0);
			fputc('\n', pr->f);
		}
	}
out:
	for (size_t i = 0; i < n; i++) {
		free(ents[i].key);
		free(ents[i].value);
	}
	free(ents);
	free(key);
	free(next);
	free(buf);
	return err;
}

int ldr_print_maps(struct ldr_object *o, const struct ldr_print_options *opt)
{
	struct printer pr = {o, o->has_btf ? &o->btf : NULL, opt->json, opt->out};
	bool first = true;
	int err = 0;

	if (opt->json)
		fprintf(opt->out, "{\"time\": %.3f, %s\"maps\": {", opt->time, opt->final ? "\"final\": true, " : "");
	for (size_t i = 0; i < o->nmaps && !err; i++) {
		struct ldr_map *m = &o->maps[i];
		if ((m->fd < 0 && !opt->reader) || !wanted(m, opt) || !has_entries(m->type))
			continue;
		err = print_map(&pr, m, opt, first);
		first = false;
	}
	if (opt->json)
		fputs("}}\n", opt->out);
	fflush(opt->out);
	return err;
}
