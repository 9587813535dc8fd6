/* testrun.h: running one program on each input without attaching it, in the kernel
 * (BPF_PROG_TEST_RUN), in the emulator, or in both with every difference reported. */
#ifndef BPFLOAD_TESTRUN_H
#define BPFLOAD_TESTRUN_H
#include <stdbool.h>
#include <stdio.h>

#include "emu.h"
#include "input.h"
#include "object.h"

struct ldr_run_options {
	bool kernel, emulate;      /* the back ends; the kernel's needs the object loaded */
	uint32_t repeat;           /* kernel: runs per input, for the time per run */
	bool json;
	const char *const *maps;   /* --map: the maps to print; none: all */
	size_t nmaps;
	FILE *out;
	struct ldr_emu_options emu;
	const char *cfg_out;       /* emulator: the graph painted with its counts, drawn here */
};

/* What happened, for the exit status. */
struct ldr_run_outcome {
	unsigned long inputs, differences;
	bool stopped;              /* the emulator stopped a run (stray access, helper, ...) */
};

/* Run p on every input; the maps are printed at the end. 0, -EINVAL with err saying what
 * is wrong with the input or the program type (nothing ran), or the kernel's errno. */
int ldr_run_inputs(struct ldr_object *o, struct ldr_prog *p, const struct ldr_input_spec *spec,
		   const struct ldr_run_options *opt, struct ldr_run_outcome *outcome, char *err, size_t errlen);

/* One test run in the kernel (p loaded): r0 and, for packet programs, the packet afterwards
 * in *out (grown as needed, the caller's to free). 0 or the kernel's negative errno. */
int ldr_kernel_run_once(const struct ldr_prog *p, const uint8_t *data, uint32_t len, uint8_t *ctx, uint32_t ctx_len,
			uint32_t repeat, uint8_t **out, uint32_t *out_cap, struct ldr_run_result *res);

#endif
