/* probe.h: questions answered by the running kernel with tiny programs, as `bpftool feature
 * probe` asks them but reading the verifier's words: may a program type call a helper, and
 * may it read or write a context field with a width. Used by the explanations and by
 * tests/kernel/mkrules (the table of asm/rules_data.h). Root (or CAP_BPF) only. */
#ifndef BPFLOAD_PROBE_H
#define BPFLOAD_PROBE_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* 1 the kernel loads `r2 = 0; *(uW *)(r1 + off) = r2` (write) or `r0 = *(uW *)(r1 + off)`,
 * then `r0 = 0; exit`; 0 it refuses; -EPERM without privileges; another -errno. */
int ldr_probe_ctx(uint32_t type, uint32_t attach_type, uint32_t prog_flags, long off, unsigned width, bool write);
/* 1 the call of helper id in `call id; r0 = 0; exit` is allowed (the program may still be
 * refused for the call's arguments), 0 the type may not call it; -EPERM, -errno. With a
 * non-GPL license, *gpl_only says the kernel refused the helper as GPL-only. */
int ldr_probe_helper(uint32_t type, uint32_t attach_type, uint32_t prog_flags, int32_t id, const char *license,
		     bool *gpl_only);

/* --probe: the kernel options BPF's features need, as the kernel's configuration has them
 * (/boot/config-RELEASE or /proc/config.gz), each with what it gives. */
void ldr_probe_config(FILE *out);

#endif
