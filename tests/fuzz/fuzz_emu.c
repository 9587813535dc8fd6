/* fuzz_emu.c: libFuzzer target: any bytes as an object for bpfload --emulate. Every
 * program the object has is run on a fixed UDP packet (or, for programs without one, a
 * zeroed 64-byte context) with a small step limit: the emulator must refuse or run, and
 * never touch memory outside what it gave the program. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emu.h"
#include "input.h"
#include "object.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void drop(void *arg, enum ldr_level level, const char *text)
{
}

static const struct ldr_log quiet = {drop, NULL}; /* messages are not what is fuzzed */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint8_t pkt[46] = {0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 1, 8, 0, 0x45, 0, 0, 0x20, 0, 1, 0, 0, 0x40, 0x11};
	static FILE *sink;
	uint8_t *copy = malloc(size ? size : 1), ctx[64] = {0};
	struct ldr_emu_options opt = {.max_steps = 20000};
	struct ldr_object *o;
	struct ldr_emu *e = NULL;
	struct ldr_run_result res;
	char err[1024];

	if (!copy)
		return 0;
	if (!sink)
		sink = fopen("/dev/null", "we");
	opt.out = sink;
	memcpy(copy, data, size);
	if (ldr_object_open_memory("fuzz.bo", copy, size, &quiet, &o) == 0 && ldr_emu_open(o, &opt, &e, err, sizeof(err)) == 0) {
		for (size_t i = 0; i < o->nprogs; i++) {
			const struct ldr_run_kind *k = ldr_run_kind(o->progs[i].type);
			bool packet = k && k->data;
			ldr_emu_run(e, &o->progs[i], packet ? pkt : NULL, packet ? sizeof(pkt) : 0, false, packet ? NULL : ctx, NULL,
				    packet ? 0 : sizeof(ctx), &res, err, sizeof(err));
		}
	}
	ldr_emu_close(e); /* also a half-opened one */
	ldr_object_close(o);
	free(copy);
	return 0;
}
