/* checks.h: static checks of a section's code, for what an assembler can see without a
 * kernel: the control-flow problems the kernel refuses outright (code running past a
 * function's end, jumps into an lddw, dead code), and a forward data-flow over the graph
 * of what each register may hold (unset, a number, a pointer to the context, stack,
 * packet, a map value, a map value or NULL, a map) and which stack bytes are written on
 * every path. Findings come with the slot, what is wrong, and what to write. The checks
 * warn only about what the kernel refuses (or, for uninitialised stack, refuses for
 * users without root and lets root's programs read garbage): a program the kernel
 * accepts gets none. */
#ifndef BPFAS_CHECKS_H
#define BPFAS_CHECKS_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a relocation at a slot makes of the instruction. */
enum chk_reloc_kind { CHK_NONE, CHK_MAP, CHK_DATA, CHK_FAR_CALL };
struct chk_reloc {
	enum chk_reloc_kind kind;
	const char *name;              /* the map's or function's name */
	uint32_t key_size, value_size; /* CHK_MAP; 0 when unknown */
};

struct chk_input {
	const uint8_t *code;
	size_t len;
	const char *section;             /* its name says the program type */
	const uint32_t *entries;         /* slots where functions start, besides 0 */
	const bool *is_program;          /* per entry: a program (r1 = the context), or a subprogram */
	size_t nentries;
	bool section_is_program;         /* slot 0 starts a program (not .text) */
	const struct chk_reloc *relocs;  /* per slot, or NULL */
	bool gpl;                        /* the object's license is GPL-compatible */
	const char *event;               /* a tracepoint's CATEGORY/EVENT, and its record's size */
	uint32_t record_size;
};

struct chk_finding {
	uint32_t slot;
	bool error;
	uint32_t related;                /* a slot the message names (UINT32_MAX: none), at the */
	char what[600];                  /* \x01 in what: the caller writes its place there */
	char fix[400];
};

typedef void (*chk_report_fn)(void *arg, const struct chk_finding *f);

/* Run every check; each finding through report (in no particular order). 0, or -ENOMEM. */
int chk_run(const struct chk_input *in, chk_report_fn report, void *arg);

#endif
