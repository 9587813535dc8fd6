/* input.c: inputs for running a program without attaching it, contexts built from them,
 * and return values put in words. */
#include "input.h"

#include <errno.h>
#define PCAP_DONT_INCLUDE_PCAP_BPF_H /* its classic-BPF struct bpf_insn is not linux/bpf.h's */
#include <pcap/pcap.h>
#include <pcap/dlt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "asm.h"
#include "names.h"

struct ldr_input {
	uint8_t *buf;       /* --data, --data-hex or --mem: one input */
	uint32_t len;
	bool given;         /* buf handed out already */
	pcap_t *pcap;       /* --pcap: one packet at a time */
	const char *pcap_path;
	unsigned long npkt;
};

static int read_file(const char *what, const char *path, uint8_t **buf, uint32_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "re");
	char *data;
	size_t n;
	int ret;

	if (!f) {
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
		return -errno;
	}
	ret = asm_read_all(f, &data, &n);
	fclose(f);
	if (ret) {
		snprintf(err, errlen, "%s %s: %s", what, path, strerror(-ret));
		return ret;
	}
	if (n > 0xffffffu) {
		free(data);
		snprintf(err, errlen, "%s %s: %zu bytes is more than a program is run on (16 MiB)", what, path, n);
		return -EFBIG;
	}
	*buf = (uint8_t *)data;
	*len = (uint32_t)n;
	return 0;
}

static int hex_value(int c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* "45 00 00 54", "4500:0054", "0x45 0x00": pairs of hex digits; blanks, ':' and '-' between
 * bytes, and 0x in front of one, are ignored. */
static int parse_hex(const char *s, uint8_t **buf, uint32_t *len, char *err, size_t errlen)
{
	size_t n = strlen(s), k = 0;
	uint8_t *b = malloc(n / 2 + 1);

	if (!b)
		return -ENOMEM;
	for (size_t i = 0; i < n;) {
		int hi, lo;
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == ':' || s[i] == '-' || s[i] == ',') {
			i++;
			continue;
		}
		if (s[i] == '0' && (s[i + 1] == 'x' || s[i + 1] == 'X')) {
			i += 2;
			continue;
		}
		hi = hex_value((unsigned char)s[i]);
		lo = i + 1 < n ? hex_value((unsigned char)s[i + 1]) : -1;
		if (hi < 0 || lo < 0) {
			snprintf(err, errlen, "--data-hex: '%c' at character %zu is not %s", lo < 0 && hi >= 0 ? (i + 1 < n ? s[i + 1] : ' ') : s[i],
				 hi < 0 ? i + 1 : i + 2, hi >= 0 && i + 1 >= n ? "the second digit of a byte (an odd number of digits)" : "a hex digit");
			free(b);
			return -EINVAL;
		}
		b[k++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	*buf = b;
	*len = (uint32_t)k;
	return 0;
}

int ldr_input_open(const struct ldr_input_spec *s, struct ldr_input **out, char *err, size_t errlen)
{
	struct ldr_input *in = calloc(1, sizeof(*in));
	char perr[PCAP_ERRBUF_SIZE];
	int given = !!s->data_file + !!s->data_hex + !!s->pcap + !!s->mem_file, ret = 0;

	*out = NULL;
	if (!in)
		return -ENOMEM;
	if (given > 1) {
		snprintf(err, errlen, "give one input: --data, --data-hex, --pcap or --mem");
		free(in);
		return -EINVAL;
	}
	if (s->data_file)
		ret = read_file("--data", s->data_file, &in->buf, &in->len, err, errlen);
	else if (s->mem_file)
		ret = read_file("--mem", s->mem_file, &in->buf, &in->len, err, errlen);
	else if (s->data_hex)
		ret = parse_hex(s->data_hex, &in->buf, &in->len, err, errlen);
	else if (s->pcap) {
		in->pcap = pcap_open_offline(s->pcap, perr); /* pcap and pcapng alike */
		in->pcap_path = s->pcap;
		if (!in->pcap) {
			snprintf(err, errlen, "--pcap %s: %s", s->pcap, perr);
			ret = -EINVAL;
		} else if (pcap_datalink(in->pcap) != DLT_EN10MB) {
			snprintf(err, errlen, "--pcap %s: its link type is %s; programs are run on Ethernet frames (EN10MB)", s->pcap,
				 pcap_datalink_val_to_name(pcap_datalink(in->pcap)) ? pcap_datalink_val_to_name(pcap_datalink(in->pcap)) : "unknown");
			ret = -EINVAL;
		}
	}
	if (ret) {
		ldr_input_close(in);
		return ret;
	}
	*out = in;
	return 0;
}

int ldr_input_next(struct ldr_input *in, const uint8_t **data, uint32_t *len, char *err, size_t errlen)
{
	if (in->pcap) {
		struct pcap_pkthdr *h;
		const u_char *d;
		int r = pcap_next_ex(in->pcap, &h, &d);
		if (r == PCAP_ERROR_BREAK)
			return 0;
		if (r != 1) {
			snprintf(err, errlen, "--pcap %s: packet %lu cannot be read: %s", in->pcap_path, in->npkt + 1,
				 pcap_geterr(in->pcap));
			return -EINVAL;
		}
		in->npkt++;
		if (h->caplen < h->len) {
			snprintf(err, errlen, "--pcap %s: packet %lu was captured cut short (%u of %u bytes): capture with a larger snap length",
				 in->pcap_path, in->npkt, h->caplen, h->len);
			return -EINVAL;
		}
		*data = d;
		*len = h->caplen;
		return 1;
	}
	if (in->given)
		return 0;
	in->given = true;
	*data = in->buf ? in->buf : (const uint8_t *)"";
	*len = in->len;
	return 1;
}

bool ldr_input_is_capture(const struct ldr_input *in)
{
	return in->pcap != NULL;
}

void ldr_input_close(struct ldr_input *in)
{
	if (!in)
		return;
	if (in->pcap)
		pcap_close(in->pcap);
	free(in->buf);
	free(in);
}

/* --- program types ---------------------------------------------------------------------- */

/* The fields of the context a test run copies in (net/bpf/test_run.c: convert___skb_to_skb
 * and xdp_convert_md_to_buff refuse any other nonzero byte). */
static const char *const skb_settable[] = {"mark", "priority", "ingress_ifindex", "ifindex", "cb", "tstamp",
					   "wire_len", "gso_segs", "gso_size", "hwtstamp", NULL};
static const char *const xdp_settable[] = {"ingress_ifindex", "rx_queue_index", NULL};

static const struct ldr_run_kind run_kinds[] = {
	{BPF_PROG_TYPE_SOCKET_FILTER, true, true, false, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_SCHED_CLS, true, true, true, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_SCHED_ACT, true, true, true, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_CGROUP_SKB, true, true, false, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_LWT_IN, true, true, false, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_LWT_OUT, true, true, false, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_LWT_XMIT, true, true, false, "__sk_buff", skb_settable, true, NULL},
	{BPF_PROG_TYPE_XDP, true, true, true, "xdp_md", xdp_settable, true, NULL},
	/* their contexts point into kernel structures (struct bpf_flow_keys, bpf_nf_ctx) */
	{BPF_PROG_TYPE_FLOW_DISSECTOR, true, true, true, NULL, NULL, false, "the flow keys it filled (struct bpf_flow_keys)"},
	{BO_PROG_TYPE_NETFILTER, true, true, false, NULL, NULL, false, ""},
	{BPF_PROG_TYPE_RAW_TRACEPOINT, false, true, false, NULL, NULL, true, NULL},
	{BPF_PROG_TYPE_SYSCALL, false, true, false, NULL, NULL, true, NULL},
	{BPF_PROG_TYPE_SK_LOOKUP, false, true, false, NULL, NULL, true, NULL},
	/* the emulator runs these too; the kernel has no test run for them */
	{BPF_PROG_TYPE_TRACEPOINT, false, false, false, NULL, NULL, true, NULL},
	{BPF_PROG_TYPE_KPROBE, false, false, false, NULL, NULL, true, NULL},
	{BPF_PROG_TYPE_PERF_EVENT, false, false, false, NULL, NULL, true, NULL},
};

const struct ldr_run_kind *ldr_run_kind(uint32_t type)
{
	for (size_t i = 0; i < sizeof(run_kinds) / sizeof(run_kinds[0]); i++)
		if (run_kinds[i].type == type)
			return &run_kinds[i];
	return NULL;
}

/* --- contexts ---------------------------------------------------------------------------- */

/* The context struct of a program from the object's BTF: the pointee of its function's
 * first parameter (bpfas writes one per program; clang does too). 0 when unknown. */
static uint32_t btf_ctx_struct(const struct ldr_object *o, const struct ldr_prog *p)
{
	const struct btf_type *f, *proto, *ptr;
	uint32_t id;

	if (!o->has_btf || !(id = btf_view_find(&o->btf, p->name, BTF_KIND_FUNC)))
		return 0;
	f = btf_view_type(&o->btf, id);
	proto = f ? btf_view_type(&o->btf, f->type) : NULL;
	if (!proto || BTF_INFO_KIND(proto->info) != BTF_KIND_FUNC_PROTO || !BTF_INFO_VLEN(proto->info))
		return 0;
	ptr = btf_view_type(&o->btf, btf_view_skip(&o->btf, ((const struct btf_param *)(proto + 1))[0].type));
	if (!ptr || BTF_INFO_KIND(ptr->info) != BTF_KIND_PTR)
		return 0;
	id = btf_view_skip(&o->btf, ptr->type);
	f = btf_view_type(&o->btf, id);
	return f && (BTF_INFO_KIND(f->info) == BTF_KIND_STRUCT || BTF_INFO_KIND(f->info) == BTF_KIND_UNION) ? id : 0;
}

/* A field by name: offset and size, from the uapi table for the known context structs,
 * else from the BTF struct. */
static bool ctx_field(const struct ldr_object *o, const char *ctx, uint32_t btf_id, const char *name, uint32_t *off,
		      uint32_t *size)
{
	char full[256];
	const char *dot = strchr(name, '.');

	if (ctx) {
		const struct names_const *c;
		snprintf(full, sizeof(full), "%s.%s", ctx, dot && !strncmp(name, ctx, (size_t)(dot - name)) ? dot + 1 : name);
		c = names_const_find(full);
		if (!c || !c->size)
			return false;
		*off = (uint32_t)c->value;
		*size = c->size;
		return true;
	}
	if (btf_id) {
		const struct btf_type *t = btf_view_type(&o->btf, btf_id);
		const struct btf_member *m = (const struct btf_member *)(t + 1);
		const char *tn = btf_view_name(&o->btf, t->name_off);
		if (dot && !strncmp(name, tn, (size_t)(dot - name)) && strlen(tn) == (size_t)(dot - name))
			name = dot + 1;
		for (uint32_t i = 0; i < BTF_INFO_VLEN(t->info); i++) {
			uint32_t bits = btf_member_bits(t, &m[i]);
			int64_t sz = btf_view_size(&o->btf, m[i].type);
			if (strcmp(btf_view_name(&o->btf, m[i].name_off), name) || bits % 8 || sz <= 0 || sz > 4096)
				continue;
			*off = bits / 8;
			*size = (uint32_t)sz;
			return true;
		}
	}
	return false;
}

static void list_fields(const struct ldr_run_kind *k, bool kernel, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	if (!k || !k->settable)
		return;
	for (size_t i = 0; kernel && k->settable[i]; i++)
		used += (size_t)snprintf(out + used, used < len ? len - used : 0, "%s%s", i ? ", " : "", k->settable[i]);
}

uint32_t ldr_ctx_size(const struct ldr_object *o, const struct ldr_prog *p)
{
	const struct ldr_run_kind *k = ldr_run_kind(p->type);
	uint32_t id;
	int64_t sz;

	if (k && k->ctx) {
		char n[64];
		snprintf(n, sizeof(n), "sizeof.%s", k->ctx);
		return (uint32_t)names_const_find(n)->value;
	}
	id = btf_ctx_struct(o, p);
	sz = id ? btf_view_size(&o->btf, id) : 0;
	return sz > 0 && sz < 65536 ? (uint32_t)sz : 0;
}

/* One FIELD=VALUE into buf and mask: 0, or -EINVAL with err saying what is wrong. */
static int set_field(const struct ldr_object *o, const struct ldr_prog *p, const struct ldr_run_kind *k, uint32_t btf_id,
		     bool kernel, const char *setting, uint8_t *buf, uint8_t *mask, uint32_t size, char *err, size_t errlen)
{
	const char *ctx = k ? k->ctx : NULL, *eq = strchr(setting, '='), *val;
	char name[128], *end, fields[256];
	uint32_t off, fsize;
	unsigned long long v;
	bool allowed = !kernel || !k || !k->settable;

	if (!eq || eq == setting || (size_t)(eq - setting) >= sizeof(name)) {
		snprintf(err, errlen, "--ctx-set %s: write FIELD=VALUE (for example __sk_buff.mark=7)", setting);
		return -EINVAL;
	}
	snprintf(name, sizeof(name), "%.*s", (int)(eq - setting), setting);
	if (!ctx_field(o, ctx, btf_id, name, &off, &fsize) || off + fsize > size) {
		if (ctx || btf_id)
			snprintf(err, errlen, "--ctx-set %s: %s has no field '%s'", setting,
				 ctx ? ctx : btf_view_name(&o->btf, btf_view_type(&o->btf, btf_id)->name_off), name);
		else
			snprintf(err, errlen, "--ctx-set %s: the context of program '%s' has no known fields (its object has no BTF for it); give --ctx FILE",
				 setting, p->name);
		return -EINVAL;
	}
	for (size_t f = 0; !allowed && k->settable[f]; f++) {
		uint32_t fo, fs;
		allowed = ctx_field(o, ctx, 0, k->settable[f], &fo, &fs) && fo == off;
	}
	if (!allowed) {
		list_fields(k, kernel, fields, sizeof(fields));
		snprintf(err, errlen, "--ctx-set %s: a test run in the kernel cannot set %s.%s; it sets %s", setting, ctx,
			 strchr(name, '.') ? strchr(name, '.') + 1 : name, fields);
		return -EINVAL;
	}
	val = eq + 1;
	errno = 0;
	v = val[0] == '-' ? (unsigned long long)strtoll(val, &end, 0) : strtoull(val, &end, 0);
	if (end == val && names_const_find(val) && !names_const_find(val)->size) { /* PACKET_OUTGOING, ... */
		v = (unsigned long long)names_const_find(val)->value;
		end = (char *)val + strlen(val);
	}
	if (errno || end == val || *end || (fsize < 8 && val[0] != '-' && v >> (8 * fsize))) {
		snprintf(err, errlen, "--ctx-set %s: '%s' is not a number that fits the field's %u bytes", setting, val, fsize);
		return -EINVAL;
	}
	for (uint32_t b = 0; b < fsize && b < 8; b++) { /* an array field (cb) takes its first element */
		buf[off + b] = (uint8_t)(v >> (8 * b));
		mask[off + b] = 1;
	}
	return 0;
}

int ldr_ctx_build(const struct ldr_object *o, const struct ldr_prog *p, const struct ldr_input_spec *s, bool kernel,
		  uint8_t **ctxp, uint8_t **maskp, uint32_t *lenp, char *err, size_t errlen)
{
	const struct ldr_run_kind *k = ldr_run_kind(p->type);
	uint32_t btf_id = k && k->ctx ? 0 : btf_ctx_struct(o, p), size = ldr_ctx_size(o, p), flen = 0;
	uint8_t *file = NULL, *buf = NULL, *mask = NULL;
	int ret = 0;

	*ctxp = *maskp = NULL;
	*lenp = 0;
	if (s->ctx_file && (ret = read_file("--ctx", s->ctx_file, &file, &flen, err, errlen)))
		return ret;
	if (!s->ctx_file && !s->nctx_set)
		return 0;
	if (flen > size)
		size = flen;
	buf = calloc(1, size + 8);
	mask = calloc(1, size + 8);
	if (!buf || !mask) {
		ret = -ENOMEM;
		goto out;
	}
	if (file)
		memcpy(buf, file, flen);
	memset(mask, 1, flen);
	for (size_t i = 0; i < s->nctx_set && !ret; i++)
		ret = set_field(o, p, k, btf_id, kernel, s->ctx_set[i], buf, mask, size, err, errlen);
	if (!ret) {
		*ctxp = buf, *maskp = mask, *lenp = size;
		buf = mask = NULL;
	}
out:
	free(file);
	free(buf);
	free(mask);
	return ret;
}

/* --- verdicts ---------------------------------------------------------------------------- */

static const char *name_of(const char *const *names, size_t n, int64_t v)
{
	return v >= 0 && (uint64_t)v < n ? names[v] : NULL;
}

const char *ldr_verdict_name(uint32_t type, uint64_t ret, uint32_t pkt_len)
{
	static const char *const xdp[] = {"XDP_ABORTED", "XDP_DROP", "XDP_PASS", "XDP_TX", "XDP_REDIRECT"};
	static const char *const tc[] = {"TC_ACT_OK", "TC_ACT_RECLASSIFY", "TC_ACT_SHOT", "TC_ACT_PIPE", "TC_ACT_STOLEN",
					 "TC_ACT_QUEUED", "TC_ACT_REPEAT", "TC_ACT_REDIRECT", "TC_ACT_TRAP"};
	int32_t r = (int32_t)ret;

	switch (type) {
	case BPF_PROG_TYPE_XDP:
		return name_of(xdp, 5, r);
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return r == -1 ? "TC_ACT_UNSPEC" : name_of(tc, 9, r);
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return (uint32_t)ret == 0 ? "drop" : (uint32_t)ret >= pkt_len ? "keep all" : "keep part";
	case BPF_PROG_TYPE_CGROUP_SKB:
		return (ret & 1) ? "allow" : "drop";
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return r == 0 ? "BPF_OK" : r == 2 ? "BPF_DROP" : r == 7 ? "BPF_REDIRECT" : r == 128 ? "BPF_LWT_REROUTE" : NULL;
	case BO_PROG_TYPE_NETFILTER:
		return r == 0 ? "NF_DROP" : r == 1 ? "NF_ACCEPT" : NULL;
	case BPF_PROG_TYPE_SK_LOOKUP:
		return r == 0 ? "SK_DROP" : r == 1 ? "SK_PASS" : NULL;
	}
	return NULL;
}

void ldr_verdict(uint32_t type, uint64_t ret, uint32_t pkt_len, char *out, size_t len)
{
	const char *n = ldr_verdict_name(type, ret, pkt_len);

	if (type == BPF_PROG_TYPE_SOCKET_FILTER) {
		uint32_t r = (uint32_t)ret;
		if (!r)
			snprintf(out, len, "0: the socket filter drops the packet");
		else if (r >= pkt_len)
			snprintf(out, len, "%u: the socket filter keeps all %u bytes", r, pkt_len);
		else
			snprintf(out, len, "%u: the socket filter keeps %u of %u bytes", r, r, pkt_len);
	} else if (n)
		snprintf(out, len, "%s (%lld)", n, (long long)(int32_t)ret);
	else if (ldr_run_kind(type) && ldr_run_kind(type)->data)
		snprintf(out, len, "%lld (no verdict of a %s program has this value)", (long long)(int32_t)ret, ldr_prog_type_name(type));
	else
		snprintf(out, len, "%llu (0x%llx)", (unsigned long long)ret, (unsigned long long)ret);
}
