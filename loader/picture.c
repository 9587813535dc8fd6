/* picture.c: a program as bpfload holds it (all its functions in one array, calls
 * resolved) drawn by asm/cfgdot.c: the text of each slot from line_info, its functions'
 * names from func_info and the object's BTF. */
#include "picture.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf.h"

struct job {
	const struct ldr_prog *p;
	const struct cfg_paint *paint;
	const uint32_t *entries;
	size_t nentries;
};

static const char *text(void *arg, uint32_t slot, char *buf, size_t len)
{
	const struct job *j = arg;
	const struct bpf_line_info *li = ldr_prog_line(j->p, slot);

	if (li && li->insn_off == slot) {
		const char *s = ldr_btf_str(j->p->obj, li->line_off);
		snprintf(buf, len, "%s", s + strspn(s, " \t"));
	} else
		ldr_prog_insn_text(j->p, slot, buf, len);
	return buf;
}

static const char *where(void *arg, uint32_t slot, char *buf, size_t len)
{
	const struct job *j = arg;
	const struct bpf_line_info *li = ldr_prog_line(j->p, slot);

	if (!li || li->insn_off != slot)
		return NULL;
	snprintf(buf, len, "%u", li->line_col >> 10);
	return buf;
}

static const char *name(void *arg, uint32_t slot)
{
	const struct job *j = arg;
	const struct ldr_object *o = j->p->obj;

	if (slot == 0)
		return j->p->name;
	for (uint32_t i = 0; i < j->p->nfunc_info && o->has_btf; i++) {
		const struct btf_type *t;
		if (j->p->func_info[i].insn_off != slot)
			continue;
		t = btf_view_type(&o->btf, j->p->func_info[i].type_id);
		return t && t->name_off ? btf_view_name(&o->btf, t->name_off) : NULL;
	}
	return NULL;
}

static int produce(void *arg, FILE *f)
{
	const struct job *j = arg;
	struct cfg g;
	struct cfg_text t = {text, where, name, NULL, (void *)j};
	char title[300];
	int ret;

	ret = cfg_build((const uint8_t *)j->p->insns, (size_t)j->p->ninsns * 8, j->entries, j->nentries, NULL, &g);
	if (ret)
		return ret;
	snprintf(title, sizeof(title), "program '%s' (%s, section %s)%s", j->p->name, ldr_prog_type_name(j->p->type),
		 j->p->sec_name, j->paint && j->paint->counts ? ", runs in the emulator"
				 : j->paint && j->paint->on_path ? ", the verifier's last path in red" : "");
	ret = cfg_dot(&g, title, &t, j->paint, f);
	cfg_free(&g);
	return ret;
}

int ldr_prog_picture(const struct ldr_prog *p, const struct cfg_paint *paint, const char *path, char *err, size_t errlen)
{
	uint32_t *entries = calloc(p->nfunc_info + 1, sizeof(*entries));
	struct job j = {p, paint, entries, 0};
	int ret;

	if (!entries) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < p->nfunc_info; i++)
		entries[j.nentries++] = p->func_info[i].insn_off;
	ret = cfg_render(path, produce, &j, err, errlen);
	free(entries);
	return ret;
}
