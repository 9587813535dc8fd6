/* fuzz_ldr.c: libFuzzer target: any bytes as an object for bpfload. Reading it, finding
 * maps and programs, relocating and linking each program must refuse or succeed, never
 * crash. (No kernel: map fds stay -1.) */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "object.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drop(void *arg, enum ldr_level level, const char *text)
{
}

static const struct ldr_log quiet = {drop, NULL}; /* messages are not what is fuzzed */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1); /* libelf may write into what it reads */
	struct ldr_object *o;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (ldr_object_open_memory("fuzz.bo", copy, size, &quiet, &o) == 0)
		for (size_t i = 0; i < o->nprogs; i++)
			ldr_prog_relocate(o, &o->progs[i]);
	ldr_object_close(o);
	free(copy);
	return 0;
}
