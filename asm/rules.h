/* rules.h: what the kernel lets each program type do, as a table measured on a real
 * kernel (tests/kernel/mkrules.c asks it with small programs, as `bpftool feature probe`
 * does, and writes rules_data.h; a test compares the table with the running kernel):
 * the helpers each type may call, the GPL-only helpers, and for each context field the
 * widths a type may read and write it with. */
#ifndef BPFAS_RULES_H
#define BPFAS_RULES_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The kernel the table was measured on. */
const char *rules_kernel(void);
/* May a program of this type call helper id? 1 yes, 0 no, -1 the table does not know. */
int rules_helper(uint32_t prog_type, int32_t id);
/* Is helper id for GPL-compatible programs only? 1 yes, 0 no, -1 unknown. */
int rules_helper_gpl(int32_t id);
/* The program types (names, comma-separated) that may call helper id. */
void rules_helper_types(int32_t id, char *buf, size_t len);
/* The widths (bit 0: 1 byte, bit 1: 2, bit 2: 4, bit 3: 8) a program of this type may
 * read and write the context field at off with; false when the table does not know. */
bool rules_ctx(uint32_t prog_type, uint32_t off, uint8_t *read_widths, uint8_t *write_widths);
/* "a socket_filter program"'s article and name: "a socket_filter", "an xdp". */
const char *rules_a_type(uint32_t prog_type, char *buf, size_t len);
/* The uapi context struct of a program type ("__sk_buff"), or NULL. */
const char *rules_ctx_struct(uint32_t prog_type);

#endif
