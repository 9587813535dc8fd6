/* picture.h: a loaded (relocated and linked) program's control-flow graph as a picture
 * (asm/cfgdot.h), painted with the emulator's counts or the verifier's path. */
#ifndef BPFLOAD_PICTURE_H
#define BPFLOAD_PICTURE_H
#include <stddef.h>

#include "cfgdot.h"
#include "object.h"

/* Write p's graph to path (.dot, .svg, .png, .pdf; "-" standard output), painted when
 * paint is given. 0, or a negative errno with a sentence in err. */
int ldr_prog_picture(const struct ldr_prog *p, const struct cfg_paint *paint, const char *path, char *err, size_t errlen);

#endif
