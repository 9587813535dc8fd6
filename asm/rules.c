/* rules.c: lookups in the table of rules_data.h (measured on a kernel by
 * tests/kernel/mkrules.c; see rules.h). */
#include "rules.h"

#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>

#include "bpf_compat.h"
#include "names.h"

struct rules_type {
	uint32_t type;
	uint64_t helpers[4]; /* bit i: helper i may be called */
};
struct rules_field {
	uint32_t type;
	uint16_t off;
	uint8_t read, write; /* widths: bit 0 = 1 byte, 1 = 2, 2 = 4, 3 = 8 */
};

#include "rules_data.h"

const char *rules_kernel(void)
{
	return RULES_KERNEL;
}

static const struct rules_type *type_row(uint32_t type)
{
	for (size_t i = 0; i < sizeof(rules_types) / sizeof(rules_types[0]); i++)
		if (rules_types[i].type == type)
			return &rules_types[i];
	return NULL;
}

int rules_helper(uint32_t prog_type, int32_t id)
{
	const struct rules_type *t = type_row(prog_type);

	if (!t || id <= 0 || id >= RULES_HELPERS)
		return -1;
	return (int)((t->helpers[id / 64] >> (id % 64)) & 1);
}

int rules_helper_gpl(int32_t id)
{
	if (id <= 0 || id >= RULES_HELPERS)
		return -1;
	return (int)((rules_gpl[id / 64] >> (id % 64)) & 1);
}

void rules_helper_types(int32_t id, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(rules_types) / sizeof(rules_types[0]) && used < len; i++)
		if (rules_helper(rules_types[i].type, id) == 1)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "",
						 names_prog_type_name(rules_types[i].type));
}

bool rules_ctx(uint32_t prog_type, uint32_t off, uint8_t *read_widths, uint8_t *write_widths)
{
	for (size_t i = 0; i < sizeof(rules_fields) / sizeof(rules_fields[0]); i++)
		if (rules_fields[i].type == prog_type && rules_fields[i].off == off) {
			*read_widths = rules_fields[i].read;
			*write_widths = rules_fields[i].write;
			return true;
		}
	return false;
}

const char *rules_ctx_struct(uint32_t prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_XDP: return "xdp_md";
	case BPF_PROG_TYPE_SOCKET_FILTER: case BPF_PROG_TYPE_SCHED_CLS: case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB: case BPF_PROG_TYPE_LWT_IN: case BPF_PROG_TYPE_LWT_OUT: case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB: case BPF_PROG_TYPE_FLOW_DISSECTOR:
		return "__sk_buff";
	case BPF_PROG_TYPE_CGROUP_SOCK: return "bpf_sock";
	case BPF_PROG_TYPE_SK_MSG: return "sk_msg_md";
	case BPF_PROG_TYPE_PERF_EVENT: return "bpf_perf_event_data";
	}
	return NULL;
}

const char *rules_a_type(uint32_t prog_type, char *buf, size_t len)
{
	const char *t = names_prog_type_name(prog_type);
	bool an;

	if (!t)
		t = "unknown";
	an = strchr("aeiou", t[0]) || !strncmp(t, "xdp", 3) || !strncmp(t, "lwt", 3); /* as it is said */
	snprintf(buf, len, "%s %s", an ? "an" : "a", t);
	return buf;
}
