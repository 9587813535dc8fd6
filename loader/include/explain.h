/* explain.h: a verifier refusal in plain words: the rule, where the value came from, and
 * the line to write. */
#ifndef BPFLOAD_EXPLAIN_H
#define BPFLOAD_EXPLAIN_H
#include <stdbool.h>
#include <stddef.h>

#include "object.h"

struct ldr_explanation {
	char why[1024];  /* the rule that was broken */
	char from[512];  /* where the offending value came from, when known */
	char fix[1024];  /* what to write */
};

/* The explanation of reason (the verifier's words, rlen bytes) at instruction insn of p,
 * with the verifier's log (NULL when none) to follow values back along the path it
 * walked; false when there is none yet. */
bool ldr_explain(const struct ldr_object *o, const struct ldr_prog *p, long insn, const char *reason, size_t rlen,
		 const char *log, struct ldr_explanation *x);
/* For a refusal whose words name no instruction ("combined stack size of 2 calls is
 * 800"), the instruction to blame (the call that goes past 512 bytes), or -1. */
long ldr_refusal_place(const struct ldr_prog *p, const char *reason, size_t rlen);
/* How many refusals the table explains. */
size_t ldr_explanation_count(void);

/* The instructions the verifier walked last, in order, up to the one it stopped at, from
 * the "N: (op) ..." and "from A to B:" lines of its log; at most max of the last ones.
 * Returns how many. */
size_t ldr_log_path(const char *log, long *path, size_t max);

#endif
