/* input.h: what a program is run on without being attached: packets (a file of raw bytes,
 * hex on the command line, every packet of a pcap or pcapng file in turn, read one at a
 * time so a large capture takes no more memory than a small one), a memory block, and a
 * context struct filled from a file and from FIELD=VALUE settings. */
#ifndef BPFLOAD_INPUT_H
#define BPFLOAD_INPUT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "object.h"

struct ldr_input_spec {
	const char *data_file, *data_hex, *pcap, *mem_file, *ctx_file;
	const char *const *ctx_set; /* FIELD=VALUE */
	size_t nctx_set;
};

struct ldr_input;

/* 0, or a negative errno with err saying what is wrong with the input. */
int ldr_input_open(const struct ldr_input_spec *s, struct ldr_input **out, char *err, size_t errlen);
/* The next input: 1 and its bytes (valid until the next call), 0 at the end, or a negative
 * errno with err naming the packet that could not be read. */
int ldr_input_next(struct ldr_input *in, const uint8_t **data, uint32_t *len, char *err, size_t errlen);
/* Whether the inputs come from a capture (printed as a table with totals). */
bool ldr_input_is_capture(const struct ldr_input *in);
void ldr_input_close(struct ldr_input *in);

/* How a program type is run on an input: with packet data or a context only, the context
 * struct it gets, whether the kernel can test-run it, and whether a test run hands it the
 * packet from the Ethernet header (tc) or from the network header (the others: the kernel
 * removes the Ethernet header first, as it does before a socket filter on a UDP socket). */
struct ldr_run_kind {
	uint32_t type;
	bool data;             /* takes packet data */
	bool kernel;           /* BPF_PROG_TEST_RUN supports it */
	bool l2;               /* sees the Ethernet header in a test run */
	const char *ctx;       /* "__sk_buff", "xdp_md", NULL: raw bytes */
	const char *const *settable; /* fields a test run may set in the context, NULL-ended */
	bool emulated;         /* the emulator runs it (not: contexts that are kernel structures) */
	const char *data_out;  /* what a test run hands back in data_out: NULL the packet, "" nothing */
};
const struct ldr_run_kind *ldr_run_kind(uint32_t prog_type);

/* The size of a program's context struct (uapi, or its BTF), 0 when unknown. */
uint32_t ldr_ctx_size(const struct ldr_object *o, const struct ldr_prog *p);
/* The context for a program: zeros of the context struct's size (or of the --ctx file's),
 * the --ctx file's bytes over them, then each FIELD=VALUE (a number, or a uapi constant
 * such as PACKET_OUTGOING); *mask marks the bytes given, which the emulator keeps over
 * what it builds from the packet. 0, or -EINVAL with err saying which setting is wrong
 * and, for a test run (`kernel`), which fields it may set. */
int ldr_ctx_build(const struct ldr_object *o, const struct ldr_prog *p, const struct ldr_input_spec *s, bool kernel,
		  uint8_t **ctx, uint8_t **mask, uint32_t *len, char *err, size_t errlen);

/* The return value in words for the program type: "XDP_PASS", "TC_ACT_SHOT", "keeps 60 of
 * 98 bytes". */
void ldr_verdict(uint32_t prog_type, uint64_t ret, uint32_t pkt_len, char *out, size_t len);
/* Just the name of the verdict, for totals ("XDP_PASS", "keep", "drop"), or NULL. */
const char *ldr_verdict_name(uint32_t prog_type, uint64_t ret, uint32_t pkt_len);

#endif
