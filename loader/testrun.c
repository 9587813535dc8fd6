/* testrun.c: one program, each input in turn, in the kernel and/or the emulator: the
 * verdict in words, the bytes the program changed, the time per run, totals for a
 * capture, the maps at the end; with both back ends, every difference between them. */
#include "testrun.h"
#include "picture.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "print.h"
#include "sys.h"

#define OUT_ROOM 8192 /* data_out past the input: room for a program that grows the packet */

struct run {
	struct ldr_object *o;
	struct ldr_prog *p;
	const struct ldr_run_options *opt;
	const struct ldr_run_kind *kind;
	struct ldr_emu *emu;
	uint8_t *kout;
	uint32_t kout_cap;
	struct { char name[40]; unsigned long n; } totals[16];
	size_t ntotals;
	char *err;
	size_t errlen;
	bool mem;              /* --mem: r1 a memory block, whatever the program type */
};

static void hex(FILE *f, const uint8_t *d, uint32_t n, const char *sep)
{
	for (uint32_t k = 0; k < n; k++)
		fprintf(f, "%s%02x", sep, d[k]);
}

int ldr_kernel_run_once(const struct ldr_prog *p, const uint8_t *data, uint32_t len, uint8_t *ctx, uint32_t ctx_len,
			uint32_t repeat, uint8_t **out, uint32_t *out_cap, struct ldr_run_result *res)
{
	const struct ldr_run_kind *kind = ldr_run_kind(p->type);
	struct ldr_test_run_opts t = {0};
	int ret;

	if (!kind)
		return -EOPNOTSUPP;
	if (kind->data) {
		if (*out_cap < len + OUT_ROOM) {
			uint8_t *q = realloc(*out, len + OUT_ROOM);
			if (!q)
				return -ENOMEM;
			*out = q;
			*out_cap = len + OUT_ROOM;
		}
		t.data_in = data;
		t.data_size_in = len;
		t.data_out = *out;
		t.data_size_out = *out_cap;
		t.repeat = repeat;
	}
	if (ctx && ctx_len) {
		t.ctx_in = ctx;
		t.ctx_size_in = ctx_len;
	}
	ret = ldr_sys_prog_test_run(p->fd, &t);
	if (ret)
		return ret;
	memset(res, 0, sizeof(*res));
	res->retval = t.retval;
	res->duration = t.duration;
	if (kind->data && !kind->data_out) {
		res->data = *out;
		res->len = t.data_size_out;
	} else if (kind->data_out && *kind->data_out) {
		res->aux = *out;
		res->aux_len = t.data_size_out;
	}
	return 0;
}

static int kernel_run(struct run *r, const uint8_t *data, uint32_t len, uint8_t *ctx, uint32_t ctx_len,
		      struct ldr_run_result *res)
{
	return ldr_kernel_run_once(r->p, data, len, ctx, ctx_len, r->opt->repeat, &r->kout, &r->kout_cap, res);
}

static void count_verdict(struct run *r, uint64_t ret, uint32_t len)
{
	char buf[40];
	const char *n = ldr_verdict_name(r->p->type, ret, len);

	if (!n)
		snprintf(buf, sizeof(buf), "%lld", (long long)(int32_t)ret), n = buf;
	for (size_t i = 0; i < r->ntotals; i++)
		if (!strcmp(r->totals[i].name, n)) {
			r->totals[i].n++;
			return;
		}
	if (r->ntotals < sizeof(r->totals) / sizeof(r->totals[0])) {
		snprintf(r->totals[r->ntotals].name, sizeof(r->totals[0].name), "%s", n);
		r->totals[r->ntotals++].n = 1;
	}
}


/* The bytes that differ, as runs "offset 14: 45 00 -> 46 00"; text or JSON. */
static void print_changes(FILE *f, const uint8_t *a, uint32_t alen, const uint8_t *b, uint32_t blen, bool json, const char *indent,
			  uint32_t from)
{
	uint32_t n = alen < blen ? alen : blen, runs = 0, changed = 0;

	for (uint32_t i = from; i < n; i++)
		changed += a[i] != b[i];
	if (json) {
		fprintf(f, "\"length_out\": %u, \"changed\": [", blen);
		if (alen != blen) { /* bytes moved: the new packet, rather than a diff */
			fprintf(f, "], \"data_out\": \"");
			hex(f, b, blen, "");
			fputc('"', f);
			return;
		}
	} else if (alen != blen) {
		fprintf(f, "%sthe packet is now %u bytes (was %u):", indent, blen, alen);
		for (uint32_t i = 0; i < blen && i < 64; i++)
			fprintf(f, "%s%02x", i && i % 16 == 0 ? "\n    " : " ", b[i]);
		fprintf(f, "%s\n", blen > 64 ? " ..." : "");
		return;
	} else if (!changed) {
		fprintf(f, "%sthe packet is unchanged\n", indent);
		return;
	}
	if (!json && changed)
		fprintf(f, "%sthe program changed %u byte%s:\n", indent, changed, changed == 1 ? "" : "s");
	for (uint32_t i = from; i < n;) {
		uint32_t j = i;
		if (a[i] == b[i]) {
			i++;
			continue;
		}
		while (j < n && j - i < 16 && a[j] != b[j])
			j++;
		if (runs++ == 8) {
			if (!json)
				fprintf(f, "%s  ...\n", indent);
			break;
		}
		if (json) {
			fprintf(f, "%s{\"offset\": %u, \"old\": \"", runs > 1 ? ", " : "", i);
			hex(f, a + i, j - i, "");
			fputs("\", \"new\": \"", f);
			hex(f, b + i, j - i, "");
			fputs("\"}", f);
		} else {
			fprintf(f, "%s  offset %u:", indent, i);
			hex(f, a + i, j - i, " ");
			fputs(" ->", f);
			hex(f, b + i, j - i, " ");
			fputc('\n', f);
		}
		i = j;
	}
	if (json)
		fputc(']', f);
}

/* Where the program's own bytes start in data_out: a test run gives the programs that see
 * the packet from its network header a zeroed Ethernet header back, which no program wrote. */
static uint32_t first_own_byte(const struct run *r)
{
	return !r->mem && !r->opt->emu.l2 && r->kind->data && !r->kind->l2 && r->kind->ctx ? 14 : 0;
}

static bool same_result(const struct run *r, const struct ldr_run_result *a, const struct ldr_run_result *b)
{
	uint32_t from = first_own_byte(r);

	return (uint32_t)a->retval == (uint32_t)b->retval && /* the kernel reports 32 bits of r0 */
	       (!r->kind->data || (a->len == b->len && (a->len <= from || !memcmp(a->data + from, b->data + from, a->len - from))));
}

/* One back end's result, as text after "input N (L bytes): " or as a JSON member. */
static void print_result(struct run *r, const char *who, const struct ldr_run_result *res, const uint8_t *data, uint32_t len,
			 bool changes)
{
	FILE *f = r->opt->out;
	char v[160];

	if (r->mem || !r->kind->data)
		snprintf(v, sizeof(v), "r0 = %llu (%#llx)", (unsigned long long)res->retval, (unsigned long long)res->retval);
	else
		ldr_verdict(r->p->type, res->retval, len, v, sizeof(v));
	if (r->opt->json) {
		fprintf(f, "\"%s\": {\"retval\": %llu, \"verdict\": \"%s\"", who, (unsigned long long)res->retval,
			ldr_verdict_name(r->p->type, res->retval, len) ? ldr_verdict_name(r->p->type, res->retval, len) : "");
		if (res->data && (r->kind->data || r->mem)) {
			fputs(", ", f);
			print_changes(f, data, len, res->data, res->len, true, "", first_own_byte(r));
		}
		if (!strcmp(who, "kernel") && r->opt->repeat)
			fprintf(f, ", \"ns_per_run\": %u", res->duration);
		if (!strcmp(who, "emulator"))
			fprintf(f, ", \"instructions\": %llu", (unsigned long long)res->steps);
		fputc('}', f);
		return;
	}
	fprintf(f, "%s\n", v);
	if (changes && res->data && (r->kind->data || r->mem))
		print_changes(f, data, len, res->data, res->len, false, "  ", first_own_byte(r));
	if (res->aux && res->aux_len) {
		fprintf(f, "  %s:", r->kind->data_out);
		hex(f, res->aux, res->aux_len, " ");
		fputc('\n', f);
	}
	if (!strcmp(who, "kernel") && r->opt->repeat)
		fprintf(f, "  the kernel ran it %u times: %u ns per run\n", r->opt->repeat, res->duration);
}

/* The maps as one back end has them, into a string (for comparing) or onto out. */
static char *maps_text(struct run *r, const struct ldr_map_reader *rd, const char *when, bool json)
{
	struct ldr_print_options po = {r->opt->maps, r->opt->nmaps, json, true, 0, NULL, when, rd};
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return NULL;
	po.out = f;
	ldr_print_maps(r->o, &po);
	fclose(f);
	return buf;
}

static void print_maps(struct run *r, unsigned long inputs, struct ldr_run_outcome *oc)
{
	char when[64], *k = NULL, *e = NULL;
	FILE *f = r->opt->out;

	snprintf(when, sizeof(when), "after %lu run%s", inputs, inputs == 1 ? "" : "s");
	if (r->opt->kernel)
		k = maps_text(r, NULL, when, r->opt->json);
	if (r->opt->emulate)
		e = maps_text(r, ldr_emu_reader(r->emu), when, r->opt->json);
	if (k && e && strcmp(k, e)) {
		oc->differences++;
		if (r->opt->json)
			fprintf(f, "{\"difference\": \"maps\"}\n%s%s", k, e);
		else
			fprintf(f, "DIFFERENCE in the maps:\nin the kernel:\n%sin the emulator:\n%s", k, e);
	} else if (k || e) {
		fputs(k ? k : e, f);
		if (k && e && *k && !r->opt->json)
			fputs("(the kernel's maps and the emulator's agree)\n", f);
	}
	free(k);
	free(e);
}

int ldr_run_inputs(struct ldr_object *o, struct ldr_prog *p, const struct ldr_input_spec *spec,
		   const struct ldr_run_options *opt, struct ldr_run_outcome *oc, char *err, size_t errlen)
{
	struct run r = {o, p, opt, ldr_run_kind(p->type), NULL, NULL, 0, {{{0}, 0}}, 0, err, errlen, false};
	struct ldr_input *in = NULL;
	uint8_t *ctx = NULL, *mask = NULL;
	uint32_t ctx_len = 0, len;
	const uint8_t *data;
	bool capture;
	int ret;

	memset(oc, 0, sizeof(*oc));
	err[0] = '\0';
	r.mem = spec->mem_file != NULL;
	if (!r.kind || (opt->kernel && !r.kind->kernel)) {
		snprintf(err, errlen, "program '%s' is a %s program, which the kernel cannot test-run (BPF_PROG_TEST_RUN takes "
			 "packet, XDP, raw tracepoint, syscall and socket lookup programs)%s", p->name, ldr_prog_type_name(p->type),
			 r.kind ? "; run it in the emulator instead: --emulate" : "");
		return -EOPNOTSUPP;
	}
	if (opt->emu.l2 && opt->kernel) {
		snprintf(err, errlen, "--l2 is for the emulator alone: the kernel's test run always hands a %s program the packet from its IP header",
			 ldr_prog_type_name(p->type));
		return -EINVAL;
	}
	if (opt->emulate && !r.kind->emulated && !spec->mem_file) {
		snprintf(err, errlen, "program '%s' is a %s program, whose context points into kernel structures: the emulator does not run it%s",
			 p->name, ldr_prog_type_name(p->type), opt->kernel ? "; drop --emulate" : "; --test-run runs it in the kernel");
		return -EOPNOTSUPP;
	}
	if (spec->mem_file && r.kind->data && !opt->emulate) {
		snprintf(err, errlen, "--mem gives a memory block to the emulator (--emulate); for a test run in the kernel give a packet with --data");
		return -EINVAL;
	}
	if (spec->mem_file && opt->kernel) {
		snprintf(err, errlen, "--mem is for the emulator alone: the kernel has no such input");
		return -EINVAL;
	}
	if (!r.kind->data && (spec->data_file || spec->data_hex || spec->pcap)) {
		snprintf(err, errlen, "program '%s' is a %s program: it takes no packet, only a context (--ctx FILE, --ctx-set FIELD=VALUE)",
			 p->name, ldr_prog_type_name(p->type));
		return -EINVAL;
	}
	if (r.kind->data && !spec->data_file && !spec->data_hex && !spec->pcap && !spec->mem_file) {
		snprintf(err, errlen, "program '%s' is a %s program: give it a packet with --data FILE, --data-hex \"HEX\" or --pcap FILE",
			 p->name, ldr_prog_type_name(p->type));
		return -EINVAL;
	}
	if ((ret = ldr_ctx_build(o, p, spec, opt->kernel, &ctx, &mask, &ctx_len, err, errlen)))
		return ret;
	if (!ctx && !r.kind->data && opt->emulate && !opt->kernel && (ctx_len = ldr_ctx_size(o, p))) {
		/* a record of zeros, as big as the program's context struct says */
		if (!(ctx = calloc(1, ctx_len)))
			return -ENOMEM;
	}
	if ((ret = ldr_input_open(spec, &in, err, errlen))) {
		free(ctx);
		free(mask);
		return ret;
	}
	if (opt->emulate && (ret = ldr_emu_open(o, &opt->emu, &r.emu, err, errlen)))
		goto out;
	capture = ldr_input_is_capture(in);
	if (!opt->json && !capture && r.kind->data && !r.kind->l2 && r.kind->ctx && !spec->mem_file && !opt->emu.l2)
		fprintf(opt->out, "note: a %s program is run on the packet from its network header (the kernel's test run removes the "
			"Ethernet header first, as a UDP socket's filter sees it); skb[0] is the first byte of the IP header%s\n",
			ldr_prog_type_name(p->type), opt->emulate ? "; --l2 runs it as a packet socket's filter sees the frame" : "");
	for (;;) {
		struct ldr_run_result kr = {0}, er = {0};
		bool kok = false, eok = false;
		char eerr[1024];
		ret = ldr_input_next(in, &data, &len, err, errlen);
		if (ret <= 0)
			break;
		oc->inputs++;
		if (r.kind->data && r.kind->ctx && !r.mem && len < 14) {
			snprintf(err, errlen, "%s %lu is %u bytes, shorter than an Ethernet header (14): the kernel refuses it too",
				 capture ? "packet" : "input", oc->inputs, len);
			ret = -EINVAL;
			goto out;
		}
		if (ctx && p->type == BPF_PROG_TYPE_XDP && ctx_len >= sizeof(struct xdp_md)) {
			((struct xdp_md *)ctx)->data = 0; /* the test run wants the packet's bounds in them */
			((struct xdp_md *)ctx)->data_end = len;
		}
		if (opt->kernel) {
			ret = kernel_run(&r, data, len, ctx, ctx_len, &kr);
			if (ret) {
				snprintf(err, errlen, "the kernel refused to test-run '%s' on %s %lu: %s%s", p->name, capture ? "packet" : "input",
					 oc->inputs, strerror(-ret),
					 ret == -EINVAL && (ctx || !r.kind->data) ? " (is the context right for this program type?)" :
					 ret == -EINVAL && len < 14 ? " (a packet needs at least an Ethernet header, 14 bytes)" : "");
				goto out;
			}
			kok = true;
		}
		if (opt->emulate) {
			/* as many runs as the kernel's --repeat, so the maps can be compared */
			for (uint32_t k = 0; k < (opt->kernel && opt->repeat > 1 ? opt->repeat : 1); k++)
				if ((ret = ldr_emu_run(r.emu, p, data, len, spec->mem_file != NULL, ctx, mask, ctx_len, &er, eerr, sizeof(eerr))))
					break;
			if (ret == -ENOMEM)
				goto out;
			eok = !ret;
			if (ret)
				oc->stopped = true;
		}
		count_verdict(&r, kok ? kr.retval : er.retval, len);
		if (opt->json) {
			fprintf(opt->out, "{\"input\": %lu, \"length\": %u", oc->inputs, len);
			if (kok)
				fputs(", ", opt->out), print_result(&r, "kernel", &kr, data, len, true);
			if (eok)
				fputs(", ", opt->out), print_result(&r, "emulator", &er, data, len, true);
			else if (opt->emulate) {
				fputs(", \"emulator\": {\"stopped\": ", opt->out);
				ldr_json_string(opt->out, eerr, strlen(eerr));
				fputc('}', opt->out);
			}
			if (kok && eok && !same_result(&r, &kr, &er))
				fputs(", \"difference\": true", opt->out), oc->differences++;
			fputs("}\n", opt->out);
			continue;
		}
		if (r.kind->data || r.mem)
			fprintf(opt->out, "%s %lu (%u bytes): ", capture ? "packet" : r.mem ? "memory block" : "input", oc->inputs, len);
		else
			fprintf(opt->out, "context %lu (%u bytes): ", oc->inputs, ctx_len);
		if (kok && (!opt->emulate || !eok || same_result(&r, &kr, &er))) {
			print_result(&r, "kernel", &kr, data, len, true);
			if (eok)
				fprintf(opt->out, "  the emulator agrees (%llu instructions)\n", (unsigned long long)er.steps);
		} else if (kok && eok) {
			oc->differences++;
			fputs("DIFFERENCE between the kernel and the emulator\n  kernel:   ", opt->out);
			print_result(&r, "kernel", &kr, data, len, true);
			fputs("  emulator: ", opt->out);
			print_result(&r, "emulator", &er, data, len, true);
		} else if (eok)
			print_result(&r, "emulator", &er, data, len, true);
		if (opt->emulate && !eok) {
			if (!kok)
				fprintf(opt->out, "stopped by the emulator\n  %s\n", eerr);
			else
				fprintf(opt->out, "  the emulator stopped: %s\n", eerr);
		}
	}
	if (ret < 0)
		goto out;
	ret = 0;
	if (capture) {
		if (opt->json) {
			fprintf(opt->out, "{\"totals\": {");
			for (size_t i = 0; i < r.ntotals; i++)
				fprintf(opt->out, "%s\"%s\": %lu", i ? ", " : "", r.totals[i].name, r.totals[i].n);
			fputs("}}\n", opt->out);
		} else {
			fprintf(opt->out, "%lu packet%s:", oc->inputs, oc->inputs == 1 ? "" : "s");
			for (size_t i = 0; i < r.ntotals; i++)
				fprintf(opt->out, "%s %s %lu", i ? "," : "", r.totals[i].name, r.totals[i].n);
			fputc('\n', opt->out);
		}
	}
	if (opt->emulate && opt->emu.coverage && !opt->json)
		ldr_emu_print_coverage(r.emu, p, opt->out);
	if (opt->emulate && opt->cfg_out) {
		uint32_t n = 0;
		const uint64_t *counts = ldr_emu_counts(r.emu, p, &n);
		struct cfg_paint paint = {counts, NULL, -1, NULL};
		char perr[600];
		if (!counts || n != p->ninsns)
			fprintf(stderr, "bpfload: no counts for the picture of '%s'\n", p->name);
		else if (ldr_prog_picture(p, &paint, opt->cfg_out, perr, sizeof(perr)))
			fprintf(stderr, "bpfload: %s\n", perr);
	}
	print_maps(&r, oc->inputs, oc);
out:
	ldr_emu_close(r.emu);
	ldr_input_close(in);
	free(ctx);
	free(mask);
	free(r.kout);
	fflush(opt->out);
	return ret;
}
