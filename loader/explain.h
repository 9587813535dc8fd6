/* explain.h: a verifier refusal in plain words: the rule, where the value came from, and
 * the line to write. */
#ifndef BPFLOAD_EXPLAIN_H
#define BPFLOAD_EXPLAIN_H
#include <stdbool.h>
#include <stddef.h>

#include "object.h"

/* The explanation of reason (the verifier's words, rlen bytes) at instruction insn of p
 * into out, as lines starting "why:" and "fix:"; false when there is none yet. */
bool ldr_explain(const struct ldr_object *o, const struct ldr_prog *p, long insn, const char *reason, size_t rlen,
		 char *out, size_t len);

#endif
