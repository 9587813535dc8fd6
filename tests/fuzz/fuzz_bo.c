/* fuzz_bo.c: libFuzzer target: any bytes as a BPF object. Reading, disassembling and
 * drawing each code section's graph (bpfas --cfg) must refuse or succeed, never crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bo.h"
#include "cfgdot.h"
#include "disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bo_object *o;
	char err[256];
	/* libelf may write into the buffer it reads; give it a copy */
	uint8_t *copy = malloc(size ? size : 1);
	FILE *f;

	if (!copy)
		return 0;
	memcpy(copy, data, size);
	if (bo_open_memory(copy, size, &o, err, sizeof(err)) == 0) {
		f = fopen("/dev/null", "w");
		disasm_object(o, NULL, f);
		for (size_t i = 1; i < o->nsecs; i++)
			if (bo_section_is_prog(&o->secs[i]))
				cfg_dot_object(o, o->secs[i].name, "fuzz", f);
		fclose(f);
		bo_close(o);
	}
	free(copy);
	return 0;
}
