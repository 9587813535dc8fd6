/* cfgdot.h: the control-flow graph as a picture: Graphviz DOT, one box per basic block
 * (its instructions as source lines, or as disassembly without line info), edges marked
 * taken / fall-through / goto / call, each function a cluster, exits drawn double. The
 * same picture can be painted with execution counts (the emulator's --coverage) or with
 * the path the verifier walked to a refusal. cfg_render writes DOT text, or runs
 * Graphviz's `dot` for .svg/.png/.pdf, through a temporary file renamed into place. */
#ifndef BPFAS_CFGDOT_H
#define BPFAS_CFGDOT_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "bo.h"
#include "cfg.h"

/* What the picture says of each slot. */
struct cfg_text {
	/* the instruction's text: its source line, or disassembly; buf has len bytes */
	const char *(*text)(void *arg, uint32_t slot, char *buf, size_t len);
	/* the number of the slot's source line when the slot starts it, else NULL */
	const char *(*where)(void *arg, uint32_t slot, char *buf, size_t len);
	/* the name of the function or label that starts at slot, or NULL */
	const char *(*name)(void *arg, uint32_t slot);
	/* a call at slot to a function of another section (a relocation names it): its name
	 * and section, written into buf; NULL for none */
	const char *(*far_call)(void *arg, uint32_t slot, char *buf, size_t len);
	void *arg;
};

/* Paint: per-slot counts (coverage), or a path and the slot it stopped at. */
struct cfg_paint {
	const uint64_t *counts; /* nslots entries, or NULL */
	const bool *on_path;    /* nslots entries, or NULL */
	int64_t stop;           /* the slot the verifier refused at, or -1 */
	const char *stop_why;   /* the verifier's reason, for the picture's label */
};

int cfg_dot(const struct cfg *g, const char *title, const struct cfg_text *t, const struct cfg_paint *paint, FILE *f);

/* The picture of one code section of an object, from its symbols, relocations and
 * line info (.BTF.ext); section NULL: the first section that names a program type
 * (else the first code section). -ENOENT when there is
 * no such section. */
int cfg_dot_object(const struct bo_object *obj, const char *section, const char *title, FILE *f);

/* Write what produce writes to path: DOT text for "-" or a name ending in .dot or .gv;
 * an image through `dot -Tsvg|png|pdf` for .svg, .png, .pdf. 0, or -errno with a sentence
 * in err (Graphviz missing says how to get it). */
int cfg_render(const char *path, int (*produce)(void *arg, FILE *f), void *arg, char *err, size_t errlen);

#endif
