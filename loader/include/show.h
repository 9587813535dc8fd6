/* show.h: --show xlated|jited|log, what the kernel holds of a loaded program. */
#ifndef BPFLOAD_SHOW_H
#define BPFLOAD_SHOW_H
#include <stdio.h>

#include "object.h"

/* `what` is xlated (the instructions after the verifier, each .s line over them), jited
 * (the machine code as bytes under the same lines) or log (the verifier's log of the
 * accepted program, kept by ldr_load when asked). 0, or a negative errno after saying why. */
int ldr_show(const struct ldr_prog *p, const char *what, FILE *out);

#endif
