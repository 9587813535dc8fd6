/* emu_helpers.c: the emulator's maps, in memory with the kernel's semantics for each type
 * (flags, full maps, per-CPU copies, LRU eviction, program arrays, queues and stacks, ring
 * buffers), and the helpers it emulates, with the kernel's return codes. */
#include "emu_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "names.h"

/* --- maps ---------------------------------------------------------------------------------- */

static bool is_hash(uint32_t t)
{
	return t == BPF_MAP_TYPE_HASH || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_HASH ||
	       t == BPF_MAP_TYPE_LRU_PERCPU_HASH || t == BPF_MAP_TYPE_HASH_OF_MAPS;
}

/* The map named, as an index into e->maps, or -1. */
static int map_index(const struct ldr_emu *e, const char *name)
{
	for (size_t i = 0; i < e->o->nmaps; i++)
		if (!strcmp(e->o->maps[i].name, name))
			return (int)i;
	return -1;
}

static bool is_percpu(uint32_t t)
{
	return t == BPF_MAP_TYPE_PERCPU_ARRAY || t == BPF_MAP_TYPE_PERCPU_HASH || t == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

static bool is_array(uint32_t t)
{
	return t == BPF_MAP_TYPE_ARRAY || t == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static uint32_t key_hash(const uint8_t *k, uint32_t n)
{
	uint32_t h = 2166136261u; /* FNV-1a */

	for (uint32_t i = 0; i < n; i++)
		h = (h ^ k[i]) * 16777619u;
	return h;
}

static int map_update(struct ldr_emu *e, struct emu_map *m, const uint8_t *key, const uint8_t *val, uint64_t flags, bool all_cpus);

int emu_maps_open(struct ldr_emu *e)
{
	struct ldr_object *o = e->o;
	int ncpu = ldr_possible_cpus();

	e->maps = calloc(o->nmaps ? o->nmaps : 1, sizeof(*e->maps));
	if (!e->maps)
		return -ENOMEM;
	e->nmaps = o->nmaps;
	if (e->opt.cpu >= (uint32_t)ncpu) {
		snprintf(e->err, e->errlen, "--cpu %u: this machine has CPUs 0 to %d, and the emulator as many", e->opt.cpu, ncpu - 1);
		return -EINVAL;
	}
	for (size_t i = 0; i < o->nmaps; i++) {
		const struct ldr_map *m = &o->maps[i];
		struct emu_map *em = &e->maps[i];
		em->m = m;
		em->type = m->type, em->ksize = m->key_size, em->vsize = m->value_size, em->max = m->max_entries;
		em->ncpu = is_percpu(m->type) ? (uint32_t)ncpu : 1;
		em->vstride = is_percpu(m->type) ? (m->value_size + 7) / 8 * 8 : m->value_size;
		if (m->max_entries > (1u << 24) || (uint64_t)em->vstride * em->ncpu * m->max_entries > (1ull << 30)) {
			snprintf(e->err, e->errlen, "map '%s': %u entries of %u bytes is more than the emulator holds (1 GiB)", m->name,
				 m->max_entries, m->value_size);
			return -E2BIG;
		}
		/* the kernel's own limits: array keys are 4 bytes, hash keys at most a stack's 512 */
		if ((is_array(m->type) && m->key_size != 4) || (is_hash(m->type) && (!m->key_size || m->key_size > 512))) {
			snprintf(e->err, e->errlen, "map '%s': a %s with keys of %u bytes, which the kernel refuses", m->name,
				 ldr_map_type_name(m->type), m->key_size);
			return -EINVAL;
		}
		switch (m->type) {
		case BPF_MAP_TYPE_ARRAY:
		case BPF_MAP_TYPE_PERCPU_ARRAY:
		case BPF_MAP_TYPE_HASH:
		case BPF_MAP_TYPE_PERCPU_HASH:
		case BPF_MAP_TYPE_LRU_HASH:
		case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		case BPF_MAP_TYPE_QUEUE:
		case BPF_MAP_TYPE_STACK:
			em->vbytes = (size_t)em->vstride * em->ncpu * m->max_entries;
			break;
		case BPF_MAP_TYPE_RINGBUF:
			em->vbytes = m->max_entries; /* records are reserved in it */
			em->vstride = 0;
			break;
		case BPF_MAP_TYPE_HASH_OF_MAPS: /* a slot holds the inner map's index */
			em->vstride = em->vsize = 4;
			em->vbytes = (size_t)4 * m->max_entries;
			break;
		case BPF_MAP_TYPE_PROG_ARRAY:
		case BPF_MAP_TYPE_ARRAY_OF_MAPS: /* em->progs holds the programs' or maps' indices */
		case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
			em->vbytes = 0;
			break;
		default:
			continue; /* a map the emulator cannot hold: programs using it stop when they do */
		}
		if (em->vbytes && !(em->vals = calloc(1, em->vbytes)))
			return -ENOMEM;
		if (is_hash(m->type)) {
			em->cap = 16;
			while (em->cap < 2 * m->max_entries)
				em->cap *= 2;
			em->keys = calloc(m->max_entries ? m->max_entries : 1, m->key_size ? m->key_size : 1);
			em->used = calloc(m->max_entries ? m->max_entries : 1, 1);
			em->stamp = calloc(m->max_entries ? m->max_entries : 1, sizeof(uint64_t));
			em->index = calloc(em->cap, sizeof(uint32_t));
			if (!em->keys || !em->used || !em->stamp || !em->index)
				return -ENOMEM;
		}
		if (m->type == BPF_MAP_TYPE_PROG_ARRAY || m->type == BPF_MAP_TYPE_ARRAY_OF_MAPS) {
			if (!(em->progs = malloc((m->max_entries ? m->max_entries : 1) * sizeof(int))))
				return -ENOMEM;
			for (uint32_t k = 0; k < m->max_entries; k++)
				em->progs[k] = -1;
			for (size_t s = 0; s < m->nslots; s++)
				for (size_t p = 0; p < o->nprogs && m->slots[s].prog; p++)
					if (!strcmp(o->progs[p].name, m->slots[s].prog) && m->slots[s].slot < m->max_entries)
						em->progs[m->slots[s].slot] = (int)p;
			for (size_t s = 0; s < m->nslots; s++)
				if (m->slots[s].map && m->slots[s].slot < m->max_entries)
					em->progs[m->slots[s].slot] = map_index(e, m->slots[s].map);
		}
		if (m->kind == LDR_MAP_DATA && m->init && em->vals)
			memcpy(em->vals, m->init, m->value_size);
		if (m->type == BPF_MAP_TYPE_HASH_OF_MAPS) { /* libbpf's rule: a slot's number is its key */
			for (size_t s = 0; s < m->nslots; s++) {
				uint32_t idx = (uint32_t)map_index(e, m->slots[s].map);
				if (m->key_size != 4 || map_update(e, em, (const uint8_t *)&m->slots[s].slot, (const uint8_t *)&idx, BPF_ANY, false)) {
					snprintf(e->err, e->errlen, "map '%s': slot %u cannot hold '%s'", m->name, m->slots[s].slot, m->slots[s].map);
					return -EINVAL;
				}
			}
			continue; /* no region: a program gets the inner maps, never this memory */
		}
		if (em->vals && e->nreg < 8 + 56) {
			e->reg[e->nreg++] = (struct emu_region){EMU_MAP_BASE(i), EMU_MAP_BASE(i) + em->vbytes, em->vals, R_MAP,
								!m->readonly, (int)i};
		}
	}
	e->nfixed = e->nreg;
	return 0;
}

void emu_maps_close(struct ldr_emu *e)
{
	for (size_t i = 0; i < e->nmaps; i++) {
		free(e->maps[i].vals);
		free(e->maps[i].keys);
		free(e->maps[i].used);
		free(e->maps[i].stamp);
		free(e->maps[i].index);
		free(e->maps[i].progs);
	}
	free(e->maps);
}

struct emu_map *emu_map_of(struct ldr_emu *e, uint64_t h)
{
	uint64_t i = (h & 0xffffffffffffull) >> 8;

	return (h & 0xffff0000000000ffull) == 0xffff000000000000ull && i < e->nmaps ? &e->maps[i] : NULL;
}

static uint64_t vaddr(const struct ldr_emu *e, const struct emu_map *m, size_t byte)
{
	return EMU_MAP_BASE((size_t)(m - e->maps)) + byte;
}

/* A hash map's slot for key, or -1; *pos is where its index entry is (or would go). */
static long hash_find(const struct emu_map *m, const uint8_t *key, uint32_t *pos)
{
	uint32_t h = key_hash(key, m->ksize) & (m->cap - 1), free_pos = UINT32_MAX;

	for (uint32_t n = 0; n < m->cap; n++, h = (h + 1) & (m->cap - 1)) {
		uint32_t s = m->index[h];
		if (!s) {
			*pos = free_pos != UINT32_MAX ? free_pos : h;
			return -1;
		}
		if (s == UINT32_MAX) {
			if (free_pos == UINT32_MAX)
				free_pos = h;
			continue;
		}
		if (!memcmp(m->keys + (size_t)(s - 1) * m->ksize, key, m->ksize)) {
			*pos = h;
			return (long)(s - 1);
		}
	}
	*pos = free_pos;
	return -1;
}

static void hash_remove(struct emu_map *m, long slot)
{
	uint32_t pos;

	if (hash_find(m, m->keys + (size_t)slot * m->ksize, &pos) == slot)
		m->index[pos] = UINT32_MAX;
	m->used[slot] = 0;
	m->count--;
}

/* Byte offset of (entry, cpu) in the map's values. */
static size_t value_at(const struct emu_map *m, size_t entry, uint32_t cpu)
{
	return (entry * m->ncpu + cpu) * m->vstride;
}

/* 0 and the entry's index, or -ENOENT. */
static int map_lookup(struct ldr_emu *e, struct emu_map *m, const uint8_t *key, size_t *entry)
{
	uint32_t pos;
	long s;

	if (is_array(m->type)) {
		uint32_t k;
		memcpy(&k, key, 4);
		if (k >= m->max)
			return -ENOENT;
		*entry = k;
		return 0;
	}
	s = hash_find(m, key, &pos);
	if (s < 0)
		return -ENOENT;
	m->stamp[s] = ++e->clock;
	*entry = (size_t)s;
	return 0;
}

static int map_update(struct ldr_emu *e, struct emu_map *m, const uint8_t *key, const uint8_t *val, uint64_t flags, bool all_cpus)
{
	uint32_t pos;
	long s;

	if ((flags & 3) == 3 || flags > 7)
		return -EINVAL;
	if (is_array(m->type)) {
		uint32_t k;
		memcpy(&k, key, 4);
		if (k >= m->max)
			return -E2BIG;
		if ((flags & 3) == BPF_NOEXIST)
			return -EEXIST; /* every array entry exists */
		for (uint32_t c = 0; c < m->ncpu; c++) /* a program updates its own CPU's copy */
			if (all_cpus || c == e->opt.cpu || m->ncpu == 1)
				memcpy(m->vals + value_at(m, k, c), val + (all_cpus ? c * m->vstride : 0), m->vsize);
		return 0;
	}
	if (!is_hash(m->type))
		return -EINVAL;
	s = hash_find(m, key, &pos);
	if (s >= 0 && (flags & 3) == BPF_NOEXIST)
		return -EEXIST;
	if (s < 0 && (flags & 3) == BPF_EXIST)
		return -ENOENT;
	if (s < 0) {
		if (m->count >= m->max) {
			long victim = -1;
			if (m->type != BPF_MAP_TYPE_LRU_HASH && m->type != BPF_MAP_TYPE_LRU_PERCPU_HASH)
				return -E2BIG;
			for (uint32_t i = 0; i < m->max; i++) /* the least recently used goes */
				if (m->used[i] && (victim < 0 || m->stamp[i] < m->stamp[victim]))
					victim = (long)i;
			hash_remove(m, victim);
			hash_find(m, key, &pos);
		}
		for (s = 0; m->used[s]; s++)
			;
		m->used[s] = 1;
		m->count++;
		memcpy(m->keys + (size_t)s * m->ksize, key, m->ksize);
		m->index[pos] = (uint32_t)s + 1;
		memset(m->vals + value_at(m, (size_t)s, 0), 0, (size_t)m->vstride * m->ncpu);
	}
	m->stamp[s] = ++e->clock;
	for (uint32_t c = 0; c < m->ncpu; c++)
		if (all_cpus || c == e->opt.cpu || m->ncpu == 1)
			memcpy(m->vals + value_at(m, (size_t)s, c), val + (all_cpus ? c * m->vstride : 0), m->vsize);
	return 0;
}

static int map_delete(struct emu_map *m, const uint8_t *key)
{
	uint32_t pos;
	long s;

	if (is_array(m->type))
		return -EINVAL;
	s = hash_find(m, key, &pos);
	if (s < 0)
		return -ENOENT;
	hash_remove(m, s);
	return 0;
}

static int reader_next(void *arg, const struct ldr_map *lm, const void *key, void *next)
{
	struct ldr_emu *e = arg;
	struct emu_map *m = &e->maps[lm - e->o->maps];
	uint32_t pos;
	long s = -1;

	if (is_array(m->type)) {
		uint32_t k = 0;
		if (key)
			memcpy(&k, key, 4), k++;
		if (k >= m->max || (key && k == 0))
			return -ENOENT;
		memcpy(next, &k, 4);
		return 0;
	}
	if (!is_hash(m->type))
		return -ENOENT;
	if (key)
		s = hash_find(m, key, &pos);
	for (uint32_t i = (uint32_t)(s + 1); i < m->max; i++) {
		if (m->used[i]) {
			memcpy(next, m->keys + (size_t)i * m->ksize, m->ksize);
			return 0;
		}
	}
	return -ENOENT;
}

static int reader_lookup(void *arg, const struct ldr_map *lm, const void *key, void *value)
{
	struct ldr_emu *e = arg;
	struct emu_map *m = &e->maps[lm - e->o->maps];
	size_t entry;

	if (!m->vals || map_lookup(e, m, key, &entry))
		return -ENOENT;
	memcpy(value, m->vals + value_at(m, entry, 0), (size_t)m->vstride * m->ncpu);
	return 0;
}

/* --- helpers ------------------------------------------------------------------------------- */

static struct emu_map *map_arg(struct ldr_emu *e, uint64_t h, const char *helper)
{
	struct emu_map *m = emu_map_of(e, h);

	if (!m)
		emu_fail(e, -EFAULT, "%s: r1 is not a map (load one with `r1 = NAME ll`)", helper);
	else if (!m->vals && m->type != BPF_MAP_TYPE_PROG_ARRAY && m->type != BPF_MAP_TYPE_PERF_EVENT_ARRAY &&
		 m->type != BPF_MAP_TYPE_ARRAY_OF_MAPS)
		emu_fail(e, -ENOSYS, "%s: map '%s' is a %s, which the emulator does not hold", helper, m->m->name,
			 ldr_map_type_name(m->type));
	else
		return m;
	return NULL;
}

/* bpf_trace_printk's format, printed as trace_pipe shows the text (%d %i %u %x %ld %lu
 * %lld %llx %p %s %c %%). */
static int trace_printk(struct ldr_emu *e, uint64_t *r)
{
	const uint8_t *fmt = emu_ptr(e, r[1], r[2], false, "bpf_trace_printk reads its format:");
	char out[1024];
	size_t n = 0;
	int arg = 3;

	if (!fmt)
		return -EFAULT;
	for (uint64_t i = 0; i < r[2] && fmt[i] && n < sizeof(out) - 64; i++) {
		char spec[16];
		size_t sl = 0;
		uint64_t v;
		if (fmt[i] != '%') {
			out[n++] = (char)fmt[i];
			continue;
		}
		spec[sl++] = '%';
		while (++i < r[2] && (fmt[i] == 'l' || fmt[i] == 'h' || (fmt[i] >= '0' && fmt[i] <= '9') || fmt[i] == '-') && sl < 10)
			spec[sl++] = (char)fmt[i];
		if (i >= r[2])
			break;
		if (fmt[i] == '%') {
			out[n++] = '%';
			continue;
		}
		if (arg > 5)
			return emu_fail(e, -EINVAL, "bpf_trace_printk takes at most three values");
		v = r[arg++];
		spec[sl++] = fmt[i] == 'i' ? 'd' : (char)fmt[i];
		spec[sl] = '\0';
		switch (fmt[i]) {
		case 'd': case 'i': case 'u': case 'x': case 'X': {
			/* without an l, the value is 32 bits wide (as the kernel's vsnprintf reads it) */
			bool wide = strchr(spec, 'l') != NULL;
			uint64_t u = wide ? v : (uint32_t)v;
			int64_t sv = wide ? (int64_t)v : (int32_t)v;
			if (fmt[i] == 'd' || fmt[i] == 'i')
				n += (size_t)snprintf(out + n, sizeof(out) - n, "%lld", (long long)sv);
			else if (fmt[i] == 'u')
				n += (size_t)snprintf(out + n, sizeof(out) - n, "%llu", (unsigned long long)u);
			else
				n += (size_t)snprintf(out + n, sizeof(out) - n, fmt[i] == 'x' ? "%llx" : "%llX", (unsigned long long)u);
			break;
		}
		case 'p':
			n += (size_t)snprintf(out + n, sizeof(out) - n, "%#llx", (unsigned long long)v);
			break;
		case 'c':
			out[n++] = (char)v;
			break;
		case 's': {
			const uint8_t *s = NULL;
			for (uint64_t k = 0; k < 256; k++) {
				if (!(s = emu_ptr(e, v + k, 1, false, "bpf_trace_printk reads a %s string:")))
					return -EFAULT;
				if (!*s)
					break;
				if (n < sizeof(out) - 64)
					out[n++] = (char)*s;
			}
			break;
		}
		default:
			return emu_fail(e, -EINVAL, "bpf_trace_printk: %%%c is no format the kernel takes", fmt[i]);
		}
		if (n >= sizeof(out) - 64)
			break;
	}
	while (n && out[n - 1] == '\n')
		n--;
	fprintf(e->opt.out, "trace_printk: %.*s\n", (int)n, out);
	r[0] = n;
	return 0;
}

static void print_record(struct ldr_emu *e, const char *what, const char *map, const uint8_t *d, uint64_t n)
{
	fprintf(e->opt.out, "%s %s: %llu bytes:", what, map, (unsigned long long)n);
	for (uint64_t i = 0; i < n && i < 256; i++)
		fprintf(e->opt.out, " %02x", d[i]);
	fprintf(e->opt.out, "%s\n", n > 256 ? " ..." : "");
}

static uint16_t fold(uint64_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static struct emu_region *pkt_region(struct ldr_emu *e)
{
	for (size_t i = 0; i < e->nreg; i++)
		if (e->reg[i].kind == R_PKT)
			return &e->reg[i];
	return NULL;
}

/* bpf_xdp_adjust_head/tail/meta: move the packet's start, end or metadata within the room
 * the buffer has, as the kernel allows. */
static int adjust(struct ldr_emu *e, int which, int64_t delta)
{
	struct emu_region *pr = pkt_region(e);
	uint64_t lo = EMU_PKT_BASE, hi = EMU_PKT_BASE + e->pkt_cap;
	uint64_t data = e->data, end = e->data_end, meta = e->data_meta;

	if (!pr)
		return -EINVAL;
	if (which == 0) /* the metadata moves along with the start */
		data += (uint64_t)delta, meta += (uint64_t)delta;
	else if (which == 1)
		end += (uint64_t)delta;
	else
		meta += (uint64_t)delta;
	/* the kernel keeps room for its struct xdp_frame (40 bytes) in front */
	if (data < lo + 40 || end > hi || end < data + 14 || meta > data || meta < lo + 40 || data - meta > 32)
		return -EINVAL;
	if (which == 1 && delta > 0)
		memset(e->pkt + (e->data_end - lo), 0, (size_t)delta);
	if (which == 0 && e->data > e->data_meta)
		memmove(e->pkt + (meta - lo), e->pkt + (e->data_meta - lo), (size_t)(e->data - e->data_meta));
	e->data = data, e->data_end = end, e->data_meta = meta;
	pr->start = data, pr->end = end, pr->host = e->pkt + (data - lo);
	for (size_t i = 0; i < e->nreg; i++)
		if (e->reg[i].kind == R_META)
			e->reg[i].start = meta, e->reg[i].end = data, e->reg[i].host = e->pkt + (meta - lo);
	e->last = NULL;
	return 0;
}

int emu_helper(struct ldr_emu *e, int32_t id, uint64_t *r)
{
	const char *name = names_helper(id);
	struct emu_map *m;
	uint8_t *k, *v;
	size_t entry;
	char hn[64];

	snprintf(hn, sizeof(hn), "%s%s", name ? "bpf_" : "helper ", name ? name : "");
	if (!name)
		snprintf(hn, sizeof(hn), "helper %d", id);
	switch (id) {
	case BPF_FUNC_map_lookup_elem:
		if (!(m = map_arg(e, r[1], "bpf_map_lookup_elem")) || !(k = emu_ptr(e, r[2], m->ksize, false, "bpf_map_lookup_elem reads the key:")))
			return -EFAULT;
		if (m->type == BPF_MAP_TYPE_ARRAY_OF_MAPS || m->type == BPF_MAP_TYPE_HASH_OF_MAPS) { /* the inner map, or NULL */
			uint32_t key, idx = UINT32_MAX;
			memcpy(&key, k, 4);
			if (m->type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
				idx = key < m->max && m->progs[key] >= 0 ? (uint32_t)m->progs[key] : UINT32_MAX;
			else if (!map_lookup(e, m, k, &entry))
				memcpy(&idx, m->vals + value_at(m, entry, 0), 4);
			r[0] = idx < e->nmaps ? EMU_MAP_HANDLE(idx) : 0;
			return 0;
		}
		if (!m->vals || (m->type != BPF_MAP_TYPE_ARRAY && m->type != BPF_MAP_TYPE_PERCPU_ARRAY && !is_hash(m->type)))
			return emu_fail(e, -ENOSYS, "bpf_map_lookup_elem on a %s is not emulated", ldr_map_type_name(m->type));
		r[0] = map_lookup(e, m, k, &entry) ? 0 : vaddr(e, m, value_at(m, entry, m->ncpu > 1 ? e->opt.cpu : 0));
		return 0;
	case BPF_FUNC_map_update_elem:
		if (!(m = map_arg(e, r[1], "bpf_map_update_elem")) || !(k = emu_ptr(e, r[2], m->ksize, false, "bpf_map_update_elem reads the key:")) ||
		    !(v = emu_ptr(e, r[3], m->vsize, false, "bpf_map_update_elem reads the value:")))
			return -EFAULT;
		if (m->type == BPF_MAP_TYPE_HASH_OF_MAPS || m->type == BPF_MAP_TYPE_ARRAY_OF_MAPS)
			return emu_fail(e, -EINVAL, "bpf_map_update_elem on a %s: programs cannot change which maps it holds (the verifier refuses it)",
					ldr_map_type_name(m->type));
		if (m->type == BPF_MAP_TYPE_QUEUE || m->type == BPF_MAP_TYPE_STACK || !m->vals)
			return emu_fail(e, -ENOSYS, "bpf_map_update_elem on a %s", ldr_map_type_name(m->type));
		r[0] = (uint64_t)(int64_t)map_update(e, m, k, v, r[4], false);
		return 0;
	case BPF_FUNC_map_delete_elem:
		if (!(m = map_arg(e, r[1], "bpf_map_delete_elem")) || !(k = emu_ptr(e, r[2], m->ksize, false, "bpf_map_delete_elem reads the key:")))
			return -EFAULT;
		r[0] = (uint64_t)(int64_t)map_delete(m, k);
		return 0;
	case BPF_FUNC_map_push_elem:
		if (!(m = map_arg(e, r[1], "bpf_map_push_elem")) || !(v = emu_ptr(e, r[2], m->vsize, false, "bpf_map_push_elem reads the value:")))
			return -EFAULT;
		if (m->type != BPF_MAP_TYPE_QUEUE && m->type != BPF_MAP_TYPE_STACK)
			return emu_fail(e, -EINVAL, "bpf_map_push_elem needs a queue or stack map");
		if (m->count >= m->max) {
			if (!(r[3] & BPF_EXIST)) {
				r[0] = (uint64_t)(int64_t)-E2BIG;
				return 0;
			}
			if (m->type == BPF_MAP_TYPE_QUEUE) /* BPF_EXIST: the oldest makes room */
				m->head = (m->head + 1) % m->max, m->count--;
			else
				m->tail = (m->tail + m->max - 1) % m->max, m->count--;
		}
		memcpy(m->vals + (size_t)m->tail * m->vstride, v, m->vsize);
		m->tail = (m->tail + 1) % m->max;
		m->count++;
		r[0] = 0;
		return 0;
	case BPF_FUNC_map_pop_elem:
	case BPF_FUNC_map_peek_elem: {
		uint32_t at;
		if (!(m = map_arg(e, r[1], hn)) || !(v = emu_ptr(e, r[2], m->vsize, true, "the value it writes:")))
			return -EFAULT;
		if (m->type != BPF_MAP_TYPE_QUEUE && m->type != BPF_MAP_TYPE_STACK)
			return emu_fail(e, -EINVAL, "%s needs a queue or stack map", hn);
		if (!m->count) {
			r[0] = (uint64_t)(int64_t)-ENOENT;
			return 0;
		}
		at = m->type == BPF_MAP_TYPE_QUEUE ? m->head : (m->tail + m->max - 1) % m->max;
		memcpy(v, m->vals + (size_t)at * m->vstride, m->vsize);
		if (id == BPF_FUNC_map_pop_elem) {
			if (m->type == BPF_MAP_TYPE_QUEUE)
				m->head = (m->head + 1) % m->max;
			else
				m->tail = at;
			m->count--;
		}
		r[0] = 0;
		return 0;
	}
	case BPF_FUNC_ktime_get_ns:
	case BPF_FUNC_ktime_get_boot_ns:
	case BPF_FUNC_ktime_get_coarse_ns:
	case BPF_FUNC_ktime_get_tai_ns:
		/* a fixed clock: --clock, advancing one microsecond per call */
		r[0] = e->opt.clock_ns + 1000 * ++e->clock;
		return 0;
	case BPF_FUNC_jiffies64:
		r[0] = e->opt.clock_ns / 4000000;
		return 0;
	case BPF_FUNC_get_prandom_u32:
		e->rng = e->rng ? e->rng : (e->opt.seed ? e->opt.seed : 1);
		e->rng ^= e->rng << 13, e->rng ^= e->rng >> 7, e->rng ^= e->rng << 17; /* xorshift64 */
		r[0] = (uint32_t)(e->rng >> 16);
		return 0;
	case BPF_FUNC_get_smp_processor_id:
	case BPF_FUNC_get_numa_node_id:
		r[0] = id == BPF_FUNC_get_numa_node_id ? 0 : e->opt.cpu;
		return 0;
	case BPF_FUNC_trace_printk:
		return trace_printk(e, r);
	case BPF_FUNC_get_current_pid_tgid: {
		uint32_t pid = e->opt.pid >= 0 ? (uint32_t)e->opt.pid : (uint32_t)getpid();
		r[0] = (uint64_t)pid << 32 | pid; /* one thread: its id is the process's */
		return 0;
	}
	case BPF_FUNC_get_current_uid_gid:
		r[0] = (uint64_t)(e->opt.gid >= 0 ? (uint32_t)e->opt.gid : getgid()) << 32 |
		       (e->opt.uid >= 0 ? (uint32_t)e->opt.uid : getuid());
		return 0;
	case BPF_FUNC_get_current_comm:
		if (!(v = emu_ptr(e, r[1], r[2], true, "bpf_get_current_comm writes")))
			return -EFAULT;
		memset(v, 0, r[2]);
		strncpy((char *)v, e->opt.comm ? e->opt.comm : "bpfload", r[2] ? r[2] - 1 : 0);
		r[0] = 0;
		return 0;
	case BPF_FUNC_probe_read:
	case BPF_FUNC_probe_read_kernel:
	case BPF_FUNC_probe_read_user:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str: {
		/* only memory the program could reach anyway: the context, the packet, maps */
		uint8_t *src;
		if (!(v = emu_ptr(e, r[1], r[2], true, "the destination:")))
			return -EFAULT;
		e->err[0] = '\0';
		if (!(src = emu_ptr(e, r[3], r[2], false, "reads"))) {
			e->err[0] = '\0';
			memset(v, 0, r[2]);
			r[0] = (uint64_t)(int64_t)-EFAULT; /* as the kernel says of an unreadable address */
			return 0;
		}
		memmove(v, src, r[2]);
		if (id == BPF_FUNC_probe_read_str || id == BPF_FUNC_probe_read_kernel_str || id == BPF_FUNC_probe_read_user_str) {
			uint64_t n = 0;
			while (n < r[2] && v[n])
				n++;
			if (n == r[2] && n)
				v[--n] = 0;
			r[0] = n + 1;
		} else
			r[0] = 0;
		return 0;
	}
	case BPF_FUNC_tail_call:
		if (!(m = map_arg(e, r[2], "bpf_tail_call")))
			return -EFAULT;
		if (m->type != BPF_MAP_TYPE_PROG_ARRAY)
			return emu_fail(e, -EINVAL, "bpf_tail_call needs a program array in r2, not a %s", ldr_map_type_name(m->type));
		/* an empty slot, an index out of range or 33 tail calls already: the call falls through */
		if ((uint32_t)r[3] < m->max && m->progs[(uint32_t)r[3]] >= 0 && e->tail_calls < 33) {
			e->tail_calls++;
			e->tail_prog = m->progs[(uint32_t)r[3]];
			return 0;
		}
		r[0] = (uint64_t)(int64_t)-ENOENT;
		return 0;
	case BPF_FUNC_loop: {
		uint64_t cb = r[2], ctx = r[3], n = (uint32_t)r[1], ret;
		if ((cb & ~0xffffffffffull) != EMU_CODE_BASE)
			return emu_fail(e, -EFAULT, "bpf_loop: r2 is not a function (load one with `r2 = NAME ll`)");
		if (r[1] > (1u << 23) || r[4])
			r[0] = (uint64_t)(int64_t)-E2BIG;
		else {
			uint64_t i;
			for (i = 0; i < n; i++) {
				uint64_t args[5] = {i, ctx, 0, 0, 0};
				int err = emu_invoke(e, (uint32_t)(cb >> 24) & 0xffff, (uint32_t)(cb & 0xffffff), args, &ret);
				if (err)
					return err;
				if (ret) {
					i++;
					break;
				}
			}
			r[0] = i;
		}
		return 0;
	}
	case BPF_FUNC_for_each_map_elem: {
		/* the callback gets (map, key, value, ctx) per element; the key in a scratch slot
		 * of its own for this depth, read-only to the program */
		uint64_t cb = r[2], ctx = r[3], ret, n = 0;
		uint8_t *key;
		if (!(m = map_arg(e, r[1], "bpf_for_each_map_elem")))
			return -EFAULT;
		if ((cb & ~0xffffffffffull) != EMU_CODE_BASE)
			return emu_fail(e, -EFAULT, "bpf_for_each_map_elem: r2 is not a function (load one with `r2 = NAME ll`)");
		if (!is_hash(m->type) && !is_array(m->type))
			return emu_fail(e, -ENOSYS, "bpf_for_each_map_elem over a %s is not emulated", ldr_map_type_name(m->type));
		if (m->ksize > 64)
			return emu_fail(e, -ENOSYS, "bpf_for_each_map_elem: keys of %u bytes are more than the emulator passes (64)", m->ksize);
		key = e->scratch + 64 * (size_t)e->depth;
		for (uint32_t i = 0; i < m->max; i++) {
			uint64_t args[5];
			int err;
			if (is_hash(m->type) && !m->used[i])
				continue;
			if (is_array(m->type))
				memcpy(key, &i, 4);
			else
				memcpy(key, m->keys + (size_t)i * m->ksize, m->ksize);
			args[0] = r[1];
			args[1] = EMU_SCRATCH_BASE + 64 * (uint64_t)e->depth;
			args[2] = vaddr(e, m, value_at(m, i, m->ncpu > 1 ? e->opt.cpu : 0));
			args[3] = ctx;
			args[4] = 0;
			err = emu_invoke(e, (uint32_t)(cb >> 24) & 0xffff, (uint32_t)(cb & 0xffffff), args, &ret);
			if (err)
				return err;
			n++;
			if (ret)
				break;
		}
		r[0] = n;
		return 0;
	}
	case BPF_FUNC_skb_load_bytes: {
		uint64_t off = (uint32_t)r[2], n = (uint32_t)r[4];
		if (e->ctx_kind != 1)
			return emu_fail(e, -EINVAL, "bpf_skb_load_bytes needs the __sk_buff context");
		if (!(v = emu_ptr(e, r[3], n, true, "bpf_skb_load_bytes writes")))
			return -EFAULT;
		if (off + n > e->data_end - e->data || !n) {
			memset(v, 0, n);
			r[0] = (uint64_t)(int64_t)-EFAULT;
		} else {
			memcpy(v, e->pkt + (e->data - EMU_PKT_BASE) + off, n);
			r[0] = 0;
		}
		return 0;
	}
	case BPF_FUNC_skb_store_bytes: {
		uint64_t off = (uint32_t)r[2], n = (uint32_t)r[4];
		if (e->ctx_kind != 1)
			return emu_fail(e, -EINVAL, "bpf_skb_store_bytes needs the __sk_buff context");
		if (!(v = emu_ptr(e, r[3], n, false, "bpf_skb_store_bytes reads")))
			return -EFAULT;
		if (off + n > e->data_end - e->data || !n || r[5] > 3)
			r[0] = (uint64_t)(int64_t)-EFAULT;
		else {
			memmove(e->pkt + (e->data - EMU_PKT_BASE) + off, v, n);
			r[0] = 0;
		}
		return 0;
	}
	case BPF_FUNC_csum_diff: {
		/* the one's-complement sum of `to` minus that of `from`, added to the seed */
		uint8_t *from = r[2] ? emu_ptr(e, r[1], r[2], false, "bpf_csum_diff reads") : NULL;
		uint8_t *to = r[4] ? emu_ptr(e, r[3], r[4], false, "bpf_csum_diff reads") : NULL;
		uint64_t s = (uint32_t)r[5];
		if ((r[2] && !from) || (r[4] && !to))
			return -EFAULT;
		if (r[2] % 4 || r[4] % 4) {
			r[0] = (uint64_t)(int64_t)-EINVAL;
			return 0;
		}
		for (uint64_t i = 0; i < r[2]; i += 4) {
			uint32_t w;
			memcpy(&w, from + i, 4);
			s += (uint32_t)~w;
		}
		for (uint64_t i = 0; i < r[4]; i += 4) {
			uint32_t w;
			memcpy(&w, to + i, 4);
			s += w;
		}
		while (s >> 32)
			s = (s & 0xffffffffu) + (s >> 32);
		r[0] = s;
		return 0;
	}
	case BPF_FUNC_l3_csum_replace:
	case BPF_FUNC_l4_csum_replace: {
		/* incremental update (RFC 1624) of the 16-bit checksum at offset r2 */
		uint64_t off = (uint32_t)r[2], from = r[3], to = r[4], flags = r[5], size = flags & 0xf;
		uint8_t *c;
		uint16_t old;
		uint64_t s;
		if (e->ctx_kind != 1)
			return emu_fail(e, -EINVAL, "%s needs the __sk_buff context", hn);
		if (off + 2 > e->data_end - e->data) {
			r[0] = (uint64_t)(int64_t)-EFAULT;
			return 0;
		}
		c = e->pkt + (e->data - EMU_PKT_BASE) + off;
		memcpy(&old, c, 2);
		if (id == BPF_FUNC_l4_csum_replace && (flags & BPF_F_MARK_MANGLED_0) && !old) {
			r[0] = 0; /* a UDP datagram without a checksum keeps none */
			return 0;
		}
		s = (uint16_t)~old;
		if (size == 0) /* `to` is a csum_diff result */
			s += (uint32_t)to;
		else if (size == 2)
			s += (uint16_t)~from + (uint16_t)to;
		else if (size == 4)
			s += (uint16_t)~from + (uint16_t)~(from >> 16) + (uint16_t)to + (uint16_t)(to >> 16);
		else {
			r[0] = (uint64_t)(int64_t)-EINVAL;
			return 0;
		}
		old = (uint16_t)~fold(s);
		if (id == BPF_FUNC_l4_csum_replace && (flags & BPF_F_MARK_MANGLED_0) && !old)
			old = 0xffff;
		memcpy(c, &old, 2);
		r[0] = 0;
		return 0;
	}
	case BPF_FUNC_redirect:
		r[0] = r[2] & ~(uint64_t)BPF_F_INGRESS ? (uint64_t)(e->prog_type == BPF_PROG_TYPE_XDP ? 0 : 2) /* XDP_ABORTED, TC_ACT_SHOT */
			: (e->prog_type == BPF_PROG_TYPE_XDP ? 4 : 7);                                          /* XDP_REDIRECT, TC_ACT_REDIRECT */
		return 0;
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_tail:
	case BPF_FUNC_xdp_adjust_meta:
		if (e->ctx_kind != 2)
			return emu_fail(e, -EINVAL, "%s needs the xdp_md context", hn);
		r[0] = (uint64_t)(int64_t)adjust(e, id == BPF_FUNC_xdp_adjust_head ? 0 : id == BPF_FUNC_xdp_adjust_tail ? 1 : 2,
						 (int64_t)(int32_t)r[2]);
		return 0;
	case BPF_FUNC_perf_event_output:
		if (!(m = map_arg(e, r[2], "bpf_perf_event_output")) || !(v = emu_ptr(e, r[4], r[5], false, "bpf_perf_event_output reads")))
			return -EFAULT;
		print_record(e, "perf event output to", m->m->name, v, r[5]);
		r[0] = 0;
		return 0;
	case BPF_FUNC_ringbuf_output:
		if (!(m = map_arg(e, r[1], "bpf_ringbuf_output")) || !(v = emu_ptr(e, r[2], r[3], false, "bpf_ringbuf_output reads")))
			return -EFAULT;
		print_record(e, "ring buffer", m->m->name, v, r[3]);
		r[0] = 0;
		return 0;
	case BPF_FUNC_ringbuf_reserve:
		if (!(m = map_arg(e, r[1], "bpf_ringbuf_reserve")))
			return -EFAULT;
		if (m->type != BPF_MAP_TYPE_RINGBUF)
			return emu_fail(e, -EINVAL, "bpf_ringbuf_reserve needs a ring buffer, not a %s", ldr_map_type_name(m->type));
		/* records are laid one after another (8 bytes of header each, as in the kernel) and
		 * the space comes back once none is outstanding */
		if (!m->count)
			m->tail = 0;
		if (r[3] || r[2] + 8 > m->vbytes - m->tail) {
			r[0] = 0;
			return 0;
		}
		memcpy(m->vals + m->tail, &r[2], 4);
		r[0] = vaddr(e, m, m->tail + 8);
		m->tail += (uint32_t)((r[2] + 8 + 7) / 8 * 8);
		m->count++;
		return 0;
	case BPF_FUNC_ringbuf_submit:
	case BPF_FUNC_ringbuf_discard: {
		struct emu_region *rg = NULL;
		uint32_t n;
		for (size_t i = 0; i < e->nreg; i++)
			if (e->reg[i].kind == R_MAP && r[1] >= e->reg[i].start + 8 && r[1] < e->reg[i].end)
				rg = &e->reg[i];
		if (!rg || e->maps[rg->map].type != BPF_MAP_TYPE_RINGBUF || !e->maps[rg->map].count)
			return emu_fail(e, -EFAULT, "%s: r1 is not a record from bpf_ringbuf_reserve", hn);
		m = &e->maps[rg->map];
		memcpy(&n, rg->host + (r[1] - 8 - rg->start), 4);
		if (id == BPF_FUNC_ringbuf_submit)
			print_record(e, "ring buffer", m->m->name, rg->host + (r[1] - rg->start), n);
		m->count--;
		r[0] = 0;
		return 0;
	}
	case BPF_FUNC_spin_lock:
	case BPF_FUNC_spin_unlock:
		if (!emu_ptr(e, r[1], 4, true, "the lock:"))
			return -EFAULT;
		r[0] = 0; /* one CPU runs at a time here */
		return 0;
	}
	return emu_fail(e, -ENOSYS, "calls %s (helper %d), which the emulator does not emulate; the run stops here", hn, id);
}

void emu_reader_init(struct ldr_emu *e)
{
	e->reader = (struct ldr_map_reader){reader_next, reader_lookup, e};
}
