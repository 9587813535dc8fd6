/* btf_gen.c: the BTF of an assembled object, as libbpf and the kernel expect it from
 * clang: map definitions with real key and value types, a FUNC per program and
 * subprogram, VARs and DATASECs for global data, and .BTF.ext with func_info and a
 * line_info record (file, line, column, the line's text) for every instruction. */
#include <elf.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "diag.h"
#include "expr.h"
#include "btf_gen.h"
#include "bpf_compat.h"
#include "btf.h"
#include "names.h"

struct gen {
	struct asm_ctx *ctx;
	struct btfb b;
	uint32_t t_int, t_char, t_index, t_scalar[2][4]; /* [signed][log2 bytes] */
	struct asm_buf ext_func, ext_line;
	uint32_t nfunc_secs, nline_secs;
};

static uint32_t t_int(struct gen *g)
{
	if (!g->t_int)
		g->t_int = btfb_int(&g->b, "int", 4, BTF_INT_SIGNED);
	return g->t_int;
}

static uint32_t t_index(struct gen *g)
{
	if (!g->t_index)
		g->t_index = btfb_int(&g->b, "__ARRAY_SIZE_TYPE__", 4, 0);
	return g->t_index;
}

/* u8..s64 as the uapi headers spell them: TYPEDEF '__u32' -> INT 'unsigned int'. */
static uint32_t t_scalar(struct gen *g, unsigned bytes, bool sign)
{
	static const char *const tn[2][4] = {{"__u8", "__u16", "__u32", "__u64"}, {"__s8", "__s16", "__s32", "__s64"}};
	static const char *const cn[2][4] = {{"unsigned char", "unsigned short", "unsigned int", "unsigned long long"},
					     {"signed char", "short", "int", "long long"}};
	unsigned l = bytes == 1 ? 0 : bytes == 2 ? 1 : bytes == 4 ? 2 : 3;
	uint32_t base;

	if (!g->t_scalar[sign][l]) {
		base = sign && l == 2 ? t_int(g) : btfb_int(&g->b, cn[sign][l], bytes, sign ? BTF_INT_SIGNED : 0);
		g->t_scalar[sign][l] = btfb_ref(&g->b, BTF_KIND_TYPEDEF, tn[sign][l], base);
	}
	return g->t_scalar[sign][l];
}

static uint32_t t_array(struct gen *g, uint32_t elem, uint32_t n)
{
	uint32_t idx = t_index(g);

	return btfb_array(&g->b, elem, idx, n);
}

static bool valid_ident(const char *s)
{
	if (!s || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
			return false;
	return true;
}

/* A type word of .map or .struct: scalar or user type. */
static uint32_t t_word(struct gen *g, const char *word)
{
	struct asm_sym *s;

	if ((word[0] == 'u' || word[0] == 's') && atoi(word + 1) >= 8)
		return t_scalar(g, (unsigned)atoi(word + 1) / 8, word[0] == 's');
	s = asm_lookup(g->ctx, word);
	return s && s->tdef ? s->tdef->btf_id : 0;
}

static void gen_types(struct gen *g)
{
	for (size_t i = 0; i < g->ctx->ntypes; i++) {
		struct asm_type *t = g->ctx->types[i];
		if (t->is_enum) {
			bool sign = false;
			for (size_t k = 0; k < t->nvals; k++)
				sign |= t->vals[k].value < 0;
			t->btf_id = btfb_enum(&g->b, t->name, t->size, (uint16_t)t->nvals, sign);
			for (size_t k = 0; k < t->nvals; k++)
				btfb_enum_val(&g->b, t->vals[k].name, t->vals[k].value, t->size > 4);
			continue;
		}
		uint32_t *ids = calloc(t->nfields + 1, sizeof(*ids));
		if (!ids) {
			g->b.oom = true;
			return;
		}
		for (size_t k = 0; k < t->nfields; k++) {
			const struct asm_field *f = &t->fields[k];
			ids[k] = f->type ? f->type->btf_id : t_word(g, f->type_name);
			if (f->count)
				ids[k] = t_array(g, ids[k], f->count);
		}
		t->btf_id = btfb_struct(&g->b, t->name, t->size, (uint16_t)t->nfields);
		for (size_t k = 0; k < t->nfields; k++)
			btfb_member(&g->b, t->fields[k].name, ids[k], t->fields[k].offset * 8);
		free(ids);
	}
}

static bool array_like(int type)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY: case BPF_MAP_TYPE_PERCPU_ARRAY: case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY: case BPF_MAP_TYPE_CGROUP_ARRAY: case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_DEVMAP: case BPF_MAP_TYPE_CPUMAP: case BPF_MAP_TYPE_XSKMAP:
	case BPF_MAP_TYPE_SOCKMAP: case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
		return true;
	}
	return false;
}

/* `__type(key, T)`: a pointer to T. An array's key must be a 32-bit INT for the kernel,
 * so an enum key of an array is a typedef of that name to __u32 (bpfload matches it to
 * the enum of the same name to print labels). */
static uint32_t kv_member(struct gen *g, const struct asm_map *m, const char *tname, uint32_t size, bool key)
{
	uint32_t t;

	if (!tname)
		return btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), size));
	t = t_word(g, tname);
	if (key && array_like(m->type)) {
		struct asm_sym *s = asm_lookup(g->ctx, tname);
		if (s && s->tdef && s->tdef->is_enum)
			t = btfb_ref(&g->b, BTF_KIND_TYPEDEF, tname, t_scalar(g, 4, false));
	}
	return btfb_ref(&g->b, BTF_KIND_PTR, NULL, t);
}

static void gen_maps(struct gen *g)
{
	struct asm_ctx *ctx = g->ctx;
	uint32_t *vars;
	uint32_t n = 0;
	struct asm_section *maps = asm_section(ctx, ".maps", false);

	if (!ctx->nmaps || !maps)
		return;
	vars = calloc(ctx->nmaps, sizeof(*vars));
	if (!vars) {
		g->b.oom = true;
		return;
	}
	for (size_t i = 0; i < ctx->nmaps; i++) {
		const struct asm_map *m = &ctx->maps[i];
		uint32_t mt, key, val, ent, fl = 0, numa = 0, pin = 0, extra = 0, values = 0, st;
		uint16_t nf = 4;
		if (!valid_ident(m->sym->name))
			continue;
		mt = btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), (uint32_t)m->type));
		key = m->key_type || m->key_size ? kv_member(g, m, m->key_type, m->key_size, true) : 0;
		val = m->value_type || m->value_size ? kv_member(g, m, m->value_type, m->value_size, false) : 0;
		ent = m->entries ? btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), m->entries)) : 0;
		if (m->has_flags)
			fl = btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), m->flags));
		if (m->has_numa)
			numa = btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), m->numa_node));
		if (m->has_pinning)
			pin = btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), m->pinning));
		if (m->has_extra && m->map_extra <= UINT32_MAX)
			extra = btfb_ref(&g->b, BTF_KIND_PTR, NULL, t_array(g, t_int(g), (uint32_t)m->map_extra));
		else if (m->has_extra) {
			/* An array's length is 32 bits; a wider value is libbpf's __ulong(): an
			 * anonymous 8-byte enum whose one enumerator is the value. */
			extra = btfb_enum(&g->b, NULL, 8, 1, false);
			btfb_enum_val(&g->b, "__map_extra_value", (int64_t)m->map_extra, true);
		}
		if (m->nvalues) { /* libbpf's __array(values, int (void *)): a flexible array */
			uint32_t voidp = btfb_ref(&g->b, BTF_KIND_PTR, NULL, 0), proto = btfb_proto(&g->b, t_int(g), 1);
			btfb_param(&g->b, NULL, voidp);
			values = t_array(g, btfb_ref(&g->b, BTF_KIND_PTR, NULL, proto), 0);
		}
		nf = (uint16_t)(1 + !!key + !!val + !!ent + !!fl + !!numa + !!pin + !!extra + !!values);
		/* the values slots are a flexible array: in the symbol's size, not the struct's */
		st = btfb_struct(&g->b, NULL, (uint32_t)(m->sym->size - 8u * m->nvalues), nf);
		uint32_t bit = 0;
		btfb_member(&g->b, "type", mt, bit), bit += 64;
		if (key)
			btfb_member(&g->b, m->key_type ? "key" : "key_size", key, bit), bit += 64;
		if (val)
			btfb_member(&g->b, m->value_type ? "value" : "value_size", val, bit), bit += 64;
		if (ent)
			btfb_member(&g->b, "max_entries", ent, bit), bit += 64;
		if (fl)
			btfb_member(&g->b, "map_flags", fl, bit), bit += 64;
		if (numa)
			btfb_member(&g->b, "numa_node", numa, bit), bit += 64;
		if (pin)
			btfb_member(&g->b, "pinning", pin, bit), bit += 64;
		if (extra)
			btfb_member(&g->b, "map_extra", extra, bit), bit += 64;
		if (values)
			btfb_member(&g->b, "values", values, bit);
		vars[n++] = btfb_var(&g->b, m->sym->name, st, BTF_VAR_GLOBAL_ALLOCATED);
	}
	btfb_datasec(&g->b, ".maps", (uint32_t)maps->data.len, (uint16_t)n);
	for (uint32_t i = 0, k = 0; i < ctx->nmaps && k < n; i++) {
		if (!valid_ident(ctx->maps[i].sym->name))
			continue;
		btfb_secinfo(&g->b, vars[k++], (uint32_t)ctx->maps[i].sym->value, (uint32_t)ctx->maps[i].sym->size);
	}
	free(vars);
}

static bool data_section(const struct asm_section *s)
{
	const char *n = s->name;

	return !s->is_prog && !s->dropped &&
	       (!strncmp(n, ".data", 5) || !strncmp(n, ".rodata", 7) || !strncmp(n, ".bss", 4) || !strcmp(n, "license"));
}

static int cmp_sym_value(const void *a, const void *b)
{
	const struct asm_sym *x = *(struct asm_sym *const *)a, *y = *(struct asm_sym *const *)b;

	return x->value < y->value ? -1 : x->value > y->value;
}

/* VARs (as char arrays of their size) and a DATASEC per global-data section. */
static void gen_data(struct gen *g)
{
	struct asm_ctx *ctx = g->ctx;
	struct asm_sym **syms = calloc(ctx->nsyms + 1, sizeof(*syms));
	uint32_t *vars = calloc(ctx->nsyms + 1, sizeof(*vars)), *offs = calloc(ctx->nsyms + 1, sizeof(*offs)),
		 *sizes = calloc(ctx->nsyms + 1, sizeof(*sizes));

	if (!syms || !vars || !offs || !sizes) {
		g->b.oom = true;
		goto out;
	}
	for (size_t si = 0; si < ctx->nsecs; si++) {
		struct asm_section *sec = &ctx->secs[si];
		uint64_t end = sec->type == SHT_NOBITS ? sec->nobits_size : sec->data.len;
		size_t n = 0, nv = 0;
		if (!data_section(sec))
			continue;
		for (size_t i = 0; i < ctx->nsyms; i++) {
			struct asm_sym *s = ctx->syms[i];
			if (s->kind == SYM_LABEL && s->section == (int)si && !s->local_label && !s->is_num && valid_ident(s->name))
				syms[n++] = s;
		}
		qsort(syms, n, sizeof(*syms), cmp_sym_value);
		for (size_t i = 0; i < n; i++) {
			uint64_t next = i + 1 < n ? syms[i + 1]->value : end;
			uint64_t size = syms[i]->size_set && syms[i]->size ? syms[i]->size : next - syms[i]->value;
			if (!size || (nv && syms[i]->value < (uint64_t)offs[nv - 1] + sizes[nv - 1]) || syms[i]->value + size > end)
				continue;
			if (!g->t_char)
				g->t_char = btfb_int(&g->b, "char", 1, BTF_INT_SIGNED);
			uint32_t arr = t_array(g, g->t_char, (uint32_t)size);
			bool global = syms[i]->bind_set ? syms[i]->bind != STB_LOCAL : syms[i]->bind == STB_GLOBAL;
			vars[nv] = btfb_var(&g->b, syms[i]->name, arr, global ? BTF_VAR_GLOBAL_ALLOCATED : BTF_VAR_STATIC);
			offs[nv] = (uint32_t)syms[i]->value;
			sizes[nv++] = (uint32_t)size;
		}
		if (!nv)
			continue;
		btfb_datasec(&g->b, sec->name, (uint32_t)end, (uint16_t)nv);
		for (size_t i = 0; i < nv; i++)
			btfb_secinfo(&g->b, vars[i], offs[i], sizes[i]);
	}
out:
	free(syms);
	free(vars);
	free(offs);
	free(sizes);
}

/* The context struct a program type receives, from the section name (libbpf's names). */
static const char *ctx_struct(const char *sec)
{
	static const struct { const char *prefix, *type; } map[] = {
		{"socket", "__sk_buff"}, {"sk_skb", "__sk_buff"}, {"tc", "__sk_buff"}, {"classifier", "__sk_buff"},
		{"action", "__sk_buff"}, {"cgroup_skb", "__sk_buff"}, {"cgroup/skb", "__sk_buff"}, {"lwt_", "__sk_buff"},
		{"xdp", "xdp_md"}, {"perf_event", "bpf_perf_event_data"}, {"sk_msg", "sk_msg_md"},
		{"cgroup/connect", "bpf_sock_addr"}, {"cgroup/bind", "bpf_sock_addr"}, {"cgroup/sendmsg", "bpf_sock_addr"},
		{"cgroup/recvmsg", "bpf_sock_addr"}, {"cgroup/getpeername", "bpf_sock_addr"},
		{"cgroup/getsockname", "bpf_sock_addr"}, {"cgroup/sock", "bpf_sock"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strncmp(sec, map[i].prefix, strlen(map[i].prefix)))
			return map[i].type;
	return NULL;
}

static int cmp_const_off(const void *a, const void *b)
{
	const struct names_const *x = *(const struct names_const *const *)a, *y = *(const struct names_const *const *)b;

	return x->value < y->value ? -1 : x->value > y->value;
}

/* A uapi context struct from the built-in field table: members typed by their size. */
static uint32_t t_ctx_struct(struct gen *g, const char *name)
{
	char prefix[64], sz[80];
	size_t plen, n = 0;
	const struct names_const *c, *fields[128], *size;
	uint32_t types[128], id, last_end = 0;
	uint16_t kept = 0;

	snprintf(prefix, sizeof(prefix), "%s.", name);
	snprintf(sz, sizeof(sz), "sizeof.%s", name);
	plen = strlen(prefix);
	size = names_const_find(sz);
	for (size_t i = 0; (c = names_const_at(i)) && n < 128; i++)
		if (!strncmp(c->name, prefix, plen) && c->size)
			fields[n++] = c;
	qsort(fields, n, sizeof(fields[0]), cmp_const_off);
	for (size_t i = 0; i < n; i++) {
		uint32_t s = fields[i]->size;
		types[i] = s == 1 || s == 2 || s == 4 || s == 8 ? t_scalar(g, s, false)
			   : s % 4 == 0 ? t_array(g, t_scalar(g, 4, false), s / 4) : t_array(g, t_scalar(g, 1, false), s);
	}
	for (size_t i = 0; i < n; i++)
		if (fields[i]->value >= last_end)
			kept++, last_end = (uint32_t)fields[i]->value + fields[i]->size;
	id = btfb_struct(&g->b, name, size ? (uint32_t)size->value : last_end, kept);
	last_end = 0;
	for (size_t i = 0; i < n; i++) {
		if (fields[i]->value < last_end)
			continue;
		btfb_member(&g->b, fields[i]->name + plen, types[i], (uint32_t)fields[i]->value * 8);
		last_end = (uint32_t)fields[i]->value + fields[i]->size;
	}
	return id;
}

/* A tracepoint program's context: the record .tracepoint read from the format file. */
static uint32_t t_tracepoint(struct gen *g, const char *sec)
{
	const char *event = strrchr(sec, '/');
	struct asm_sym *s;

	if (strncmp(sec, "tracepoint/", 11) && strncmp(sec, "tp/", 3))
		return 0;
	s = event ? asm_lookup(g->ctx, event + 1) : NULL;
	return s && s->kind == SYM_TYPE && s->tdef && !s->tdef->is_enum ? s->tdef->btf_id : 0;
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void ext_put(struct gen *g, struct asm_buf *b, uint32_t v)
{
	if (b->len + 4 > b->cap && asm_buf_append(b, NULL, 4) == 0) /* grow, then take it back */
		b->len -= 4;
	if (b->len + 4 > b->cap) {
		g->b.oom = true;
		return;
	}
	b->p[b->len++] = (uint8_t)v;
	b->p[b->len++] = (uint8_t)(v >> 8);
	b->p[b->len++] = (uint8_t)(v >> 16);
	b->p[b->len++] = (uint8_t)(v >> 24);
}

/* Where subprograms start in a section: its entry, targets of resolved calls, and for
 * .text every function symbol. Returns a sorted array of byte offsets. */
static uint64_t *subprog_starts(struct gen *g, int si, size_t *count)
{
	struct asm_section *sec = &g->ctx->secs[si];
	size_t n = 0, cap = 16, nslots = sec->data.len / 8;
	uint64_t *o = malloc(cap * sizeof(*o));

	if (!o)
		return NULL;
	o[n++] = 0;
	for (size_t pc = 0; pc < nslots; pc++) {
		struct isa_insn in;
		bool reloc = false;
		isa_decode(sec->data.p + pc * 8, &in);
		if (in.code == (BPF_LD | BPF_IMM | BPF_DW)) {
			pc++;
			continue;
		}
		if (in.code != (BPF_JMP | BPF_CALL) || in.src != BPF_PSEUDO_CALL)
			continue;
		for (size_t r = 0; r < sec->nrels && !reloc; r++)
			reloc = sec->rels[r].offset == pc * 8;
		int64_t t = (int64_t)pc + 1 + in.imm;
		if (reloc || t <= 0 || (size_t)t >= nslots)
			continue;
		if (n == cap) {
			uint64_t *p = realloc(o, (cap *= 2) * sizeof(*o));
			if (!p)
				return free(o), NULL;
			o = p;
		}
		o[n++] = (uint64_t)t * 8;
	}
	for (size_t i = 0; i < g->ctx->nsyms; i++) {
		struct asm_sym *s = g->ctx->syms[i];
		if (s->kind != SYM_LABEL || s->section != si || s->type != STT_FUNC || !s->value)
			continue;
		if (n == cap) {
			uint64_t *p = realloc(o, (cap *= 2) * sizeof(*o));
			if (!p)
				return free(o), NULL;
			o = p;
		}
		o[n++] = s->value;
	}
	for (size_t i = 1; i < n; i++) /* insertion sort and dedup: a handful of entries */
		for (size_t j = i; j > 0 && o[j - 1] > o[j]; j--) {
			uint64_t t = o[j];
			o[j] = o[j - 1];
			o[j - 1] = t;
		}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!m || o[m - 1] != o[i])
			o[m++] = o[i];
	*count = m;
	return o;
}

/* The best name for a function at (si, off): a symbol there, else one made up. */
static const char *func_name(struct gen *g, int si, uint64_t off, char *buf, size_t len)
{
	const char *best = NULL;

	for (size_t i = 0; i < g->ctx->nsyms; i++) {
		struct asm_sym *s = g->ctx->syms[i];
		if (s->kind == SYM_LABEL && s->section == si && s->value == off && valid_ident(s->name) &&
		    (!best || s->type == STT_FUNC))
			best = s->name;
	}
	if (best)
		return best;
	snprintf(buf, len, "%s_%llu", g->ctx->secs[si].name, (unsigned long long)(off / 8));
	for (char *p = buf; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			*p = '_';
	if (buf[0] >= '0' && buf[0] <= '9')
		buf[0] = '_';
	return buf;
}

static bool is_global_at(struct gen *g, int si, uint64_t off)
{
	for (size_t i = 0; i < g->ctx->nsyms; i++) {
		struct asm_sym *s = g->ctx->syms[i];
		if (s->kind == SYM_LABEL && s->section == si && s->value == off && s->type == STT_FUNC &&
		    (s->bind_set ? s->bind != STB_LOCAL : s->bind == STB_GLOBAL))
			return true;
	}
	return false;
}

static void gen_funcs(struct gen *g)
{
	struct asm_ctx *ctx = g->ctx;
	uint32_t sub_proto = 0;

	for (size_t si = 0; si < ctx->nsecs; si++) {
		struct asm_section *sec = &ctx->secs[si];
		size_t n;
		uint64_t *starts;
		bool text = !strncmp(sec->name, ".text", 5);
		char buf[300];

		if (!sec->is_prog || sec->dropped || !sec->data.len || sec->data.len % 8)
			continue;
		starts = subprog_starts(g, (int)si, &n);
		if (!starts) {
			g->b.oom = true;
			return;
		}
		ext_put(g, &g->ext_func, btfb_str(&g->b, sec->name));
		ext_put(g, &g->ext_func, (uint32_t)n);
		for (size_t k = 0; k < n; k++) {
			uint32_t proto, fn;
			bool entry = !text && starts[k] == 0;
			if (entry) {
				/* int prog(struct CTX *ctx) */
				const char *cs = ctx_struct(sec->name);
				uint32_t arg = btfb_ref(&g->b, BTF_KIND_PTR, NULL, cs ? t_ctx_struct(g, cs) : t_tracepoint(g, sec->name));
				proto = btfb_proto(&g->b, t_int(g), 1);
				btfb_param(&g->b, "ctx", arg);
			} else {
				/* a subprogram's arguments are not written down in assembly: `int f(void)`,
				 * static, so that the verifier checks it with its caller */
				if (!sub_proto)
					sub_proto = btfb_proto(&g->b, t_int(g), 0);
				proto = sub_proto;
			}
			fn = btfb_func(&g->b, func_name(g, (int)si, starts[k], buf, sizeof(buf)), proto,
				       entry && is_global_at(g, (int)si, 0) ? BTF_FUNC_GLOBAL : BTF_FUNC_STATIC);
			ext_put(g, &g->ext_func, (uint32_t)starts[k]);
			ext_put(g, &g->ext_func, fn);
		}
		g->nfunc_secs++;
		free(starts);
	}
}

/* A line_info record per instruction: where it was written, and that line's text. */
static void gen_lines(struct gen *g)
{
	struct asm_ctx *ctx = g->ctx;
	uint32_t *file_off = calloc(ctx->nfiles + 1, sizeof(*file_off));
	uint32_t **line_off = calloc(ctx->nfiles + 1, sizeof(*line_off));

	if (!file_off || !line_off) {
		g->b.oom = true;
		goto out;
	}
	for (size_t si = 0; si < ctx->nsecs; si++) {
		struct asm_section *sec = &ctx->secs[si];
		if (!sec->is_prog || sec->dropped || !sec->ninsns || !sec->data.len)
			continue;
		ext_put(g, &g->ext_line, btfb_str(&g->b, sec->name));
		ext_put(g, &g->ext_line, (uint32_t)sec->ninsns);
		/* room for every record at once: they are written in place below */
		if (asm_buf_append(&g->ext_line, NULL, sec->ninsns * 16)) {
			g->b.oom = true;
			goto out;
		}
		g->ext_line.len -= sec->ninsns * 16;
		for (size_t k = 0; k < sec->ninsns; k++) {
			const struct asm_insn_loc *l = &sec->insns[k];
			struct asm_file *f = &ctx->files[l->file];
			if (!file_off[l->file])
				file_off[l->file] = btfb_str(&g->b, f->name);
			if (!line_off[l->file]) {
				if (!asm_file_index(ctx, l->file)) { /* the line texts: none without memory */
					g->b.oom = true;
					goto out;
				}
				line_off[l->file] = calloc(f->nlines + 1, sizeof(uint32_t));
				if (!line_off[l->file]) {
					g->b.oom = true;
					goto out;
				}
			}
			if (l->line <= f->nlines && !line_off[l->file][l->line]) {
				size_t len;
				const char *text = asm_file_line(ctx, l->file, l->line, &len);
				while (len && (*text == ' ' || *text == '\t'))
					text++, len--;
				while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
					len--;
				line_off[l->file][l->line] = len ? btfb_str_raw(&g->b, text, len) : 0;
			}
			put_le32(g->ext_line.p + g->ext_line.len, l->off);
			put_le32(g->ext_line.p + g->ext_line.len + 4, file_off[l->file]);
			put_le32(g->ext_line.p + g->ext_line.len + 8, l->line <= f->nlines ? line_off[l->file][l->line] : 0);
			put_le32(g->ext_line.p + g->ext_line.len + 12, (l->line & 0x3fffff) << 10 | (l->col & 0x3ff));
			g->ext_line.len += 16;
		}
		g->nline_secs++;
	}
out:
	for (size_t i = 0; line_off && i < ctx->nfiles; i++)
		free(line_off[i]);
	free(line_off);
	free(file_off);
}

static int finish_ext(struct gen *g, uint8_t **ext, size_t *ext_len)
{
	struct asm_buf out = {0};
	uint32_t flen = g->nfunc_secs ? 4 + (uint32_t)g->ext_func.len : 0;
	uint32_t llen = g->nline_secs ? 4 + (uint32_t)g->ext_line.len : 0;
	uint32_t hdr[8] = {BTF_MAGIC | BTF_VERSION << 16, 32, 0, flen, flen, llen, flen + llen, 0};
	uint32_t rec8 = 8, rec16 = 16;

	if (!flen && !llen)
		return 0;
	if (asm_buf_append(&out, hdr, sizeof(hdr)) < 0 || (flen && (asm_buf_append(&out, &rec8, 4) < 0 ||
	    asm_buf_append(&out, g->ext_func.p, g->ext_func.len) < 0)) ||
	    (llen && (asm_buf_append(&out, &rec16, 4) < 0 || asm_buf_append(&out, g->ext_line.p, g->ext_line.len) < 0))) {
		free(out.p);
		return -ENOMEM;
	}
	*ext = out.p;
	*ext_len = out.len;
	return 0;
}

int asm_btf_generate(struct asm_ctx *ctx, uint8_t **btf, size_t *btf_len, uint8_t **ext, size_t *ext_len)
{
	struct gen g = {.ctx = ctx};
	int err;

	*btf = *ext = NULL;
	*btf_len = *ext_len = 0;
	if (ctx->opt.no_btf || asm_section(ctx, ".BTF", false))
		return 0; /* not wanted, or the source carries its own (clang -S -g) */
	btfb_init(&g.b);
	gen_types(&g);
	gen_maps(&g);
	gen_funcs(&g);
	gen_data(&g);
	gen_lines(&g);
	err = g.b.oom ? -ENOMEM : 0;
	if (!err && g.b.ntypes)
		err = btfb_finish(&g.b, btf, btf_len);
	if (!err && g.b.ntypes)
		err = finish_ext(&g, ext, ext_len);
	btfb_free(&g.b);
	free(g.ext_func.p);
	free(g.ext_line.p);
	return err;
}
