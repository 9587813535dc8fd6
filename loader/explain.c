/* explain.c: the verifier's refusals in plain words. Each entry of the table matches the
 * verifier's reason by its words and says which rule was broken, where the offending value
 * came from (followed back along the path the log shows the verifier walking, through
 * register copies, to the instruction that produced it), and what to write. A reason
 * outside the table gets no explanation, and the report says so. */
#include "explain.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isa.h"
#include "names.h"
#include "probe.h"
#include "rules.h"

struct why {
	const struct ldr_object *o;
	const struct ldr_prog *p;
	long insn;
	const char *reason;
	const long *path; /* the instructions the verifier walked to insn, in order */
	size_t npath;
	struct ldr_explanation *x;
};

/* --- the path the verifier walked ---------------------------------------------------- */

/* An instruction line of the log: "12: (85) call ...". */
static bool insn_line(const char *s, long *n)
{
	char *end;

	*n = strtol(s, &end, 10);
	return end != s && s[0] >= '0' && s[0] <= '9' && end[0] == ':' && end[1] == ' ' && end[2] == '(';
}

/* A branch the verifier comes back to: "from 4 to 6: ...". */
static bool branch_line(const char *s, long *from, long *to)
{
	char *end;

	if (strncmp(s, "from ", 5))
		return false;
	*from = strtol(s + 5, &end, 10);
	if (strncmp(end, " to ", 4))
		return false;
	*to = strtol(end + 4, &end, 10);
	return *end == ':';
}

size_t ldr_log_path(const char *log, long *path, size_t max)
{
	const char **lines = NULL;
	size_t nlines = 0, cap = 0, n = 0;
	long want = -1; /* after a "from A to B", the instruction A to find further back */

	for (const char *p = log ? log : ""; *p;) {
		const char *eol = strchr(p, '\n');
		long a, b;
		if (insn_line(p, &a) || branch_line(p, &a, &b)) {
			if (nlines == cap) {
				const char **nl = realloc(lines, (cap = cap ? 2 * cap : 256) * sizeof(*lines));
				if (!nl)
					break;
				lines = nl;
			}
			lines[nlines++] = p;
		}
		p = eol ? eol + 1 : p + strlen(p);
	}
	/* backwards from the last instruction: each "from A to B" goes on at the last time
	 * the log showed A before it (the verifier's depth-first order makes that the branch
	 * it came back to, in all but unusual programs) */
	for (size_t i = nlines; i-- > 0 && n < max;) {
		long a, b;
		if (branch_line(lines[i], &a, &b)) {
			if (want < 0)
				want = a;
			continue;
		}
		insn_line(lines[i], &a);
		if (want >= 0 && a != want)
			continue;
		want = -1;
		if (n && path[n - 1] == a)
			continue; /* an instruction the log shows twice in a row */
		path[n++] = a;
	}
	free(lines);
	for (size_t i = 0; i < n / 2; i++) { /* in the order walked */
		long t = path[i];
		path[i] = path[n - 1 - i];
		path[n - 1 - i] = t;
	}
	return n;
}

/* --- the parts of an explanation --------------------------------------------------- */

static void add(char *part, size_t len, const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));
static void add(char *part, size_t len, const char *fmt, va_list ap)
{
	size_t used = strlen(part);

	if (used < len)
		vsnprintf(part + used, len - used, fmt, ap);
}

#define PART(name, field)                                                                                 \
	static void name(struct why *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));      \
	static void name(struct why *w, const char *fmt, ...)                                             \
	{                                                                                                 \
		va_list ap;                                                                               \
		va_start(ap, fmt);                                                                        \
		add(w->x->field, sizeof(w->x->field), fmt, ap);                                           \
		va_end(ap);                                                                               \
	}
PART(rule, why)
PART(origin, from)
PART(fix, fix)
#undef PART

/* "FILE:LINE" of an instruction, or "instruction N" without line info. */
static const char *place(const struct why *w, long insn, char *buf, size_t len)
{
	const struct bpf_line_info *li = insn >= 0 ? ldr_prog_line(w->p, (uint32_t)insn) : NULL;

	if (li)
		snprintf(buf, len, "%s:%u", ldr_btf_str(w->o, li->file_name_off), li->line_col >> 10);
	else
		snprintf(buf, len, "instruction %ld", insn);
	return buf;
}

/* The source text of an instruction (its .s line, else the disassembly), without a
 * trailing comment. */
static const char *text_of(const struct why *w, long insn, char *buf, size_t len)
{
	const struct bpf_line_info *li = ldr_prog_line(w->p, (uint32_t)insn);
	char *hash;

	if (li && li->insn_off == (uint32_t)insn)
		snprintf(buf, len, "%s", ldr_btf_str(w->o, li->line_off));
	else
		ldr_prog_insn_text(w->p, (uint32_t)insn, buf, len);
	if ((hash = strchr(buf, '#')))
		*hash = '\0';
	for (size_t n = strlen(buf); n && (buf[n - 1] == ' ' || buf[n - 1] == '\t');)
		buf[--n] = '\0';
	return buf + strspn(buf, " \t");
}

static bool is_call(const struct bpf_insn *in)
{
	return in->code == (BPF_JMP | BPF_CALL);
}

static bool writes(const struct bpf_insn *in, unsigned r)
{
	uint8_t cls = BPF_CLASS(in->code);

	if (is_call(in))
		return r <= 5;
	return (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX || cls == BPF_LD) && in->dst_reg == r;
}

/* The instruction that last wrote register r before position `at` of the path (or, with
 * no path, before instruction insn in slot order); -1 when none. */
static long last_write(const struct why *w, long insn, unsigned r)
{
	size_t at = w->npath;

	while (at > 0 && w->path[at - 1] != insn)
		at--;
	if (at > 0) {
		for (size_t i = at - 1; i-- > 0;)
			if (w->path[i] >= 0 && (uint64_t)w->path[i] < w->p->ninsns && writes(&w->p->insns[w->path[i]], r))
				return w->path[i];
		return -1;
	}
	for (long i = insn - 1; i >= 0; i--) {
		if (i > 0 && w->p->insns[i - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
			continue; /* the second half of a 64-bit load */
		if (writes(&w->p->insns[i], r))
			return i;
	}
	return -1;
}

/* Where register r's value at insn came from: copies (`r6 = r0`) are followed back to the
 * instruction that made the value, and the sentence says each step. Returns that
 * instruction, or -1. */
static long trace_back(struct why *w, long insn, unsigned r)
{
	char at[300], src[300];
	long made = -1;

	for (int step = 0; step < 6; step++) {
		long from = last_write(w, insn, r);
		const struct bpf_insn *in;
		if (from < 0 && step == 0 && r == 1 && w->p->nfunc_info <= 1)
			origin(w, "r1 holds the context the program was started with.");
		if (from < 0)
			break;
		made = from;
		in = &w->p->insns[from];
		origin(w, "%sr%u came from `%s` at %s", step ? "; " : "", r, text_of(w, from, src, sizeof(src)),
		       place(w, from, at, sizeof(at)));
		if (in->code != (BPF_ALU64 | BPF_MOV | BPF_X) || in->off || in->src_reg == BPF_REG_10)
			break;
		r = in->src_reg;
		insn = from;
	}
	if (made >= 0)
		origin(w, ".");
	return made;
}

/* The register a reason names first: "R0 invalid mem access" -> 0, "... R2(id=0,...)" -> 2. */
static int reason_reg(const char *reason)
{
	for (const char *s = reason; *s; s++) {
		char *end;
		long r;
		if (*s != 'R' || (s > reason && s[-1] != ' ' && s[-1] != '('))
			continue;
		r = strtol(s + 1, &end, 10);
		if (end != s + 1 && r >= 0 && r <= 10 && (*end == ' ' || *end == '(' || *end == '\0'))
			return (int)r;
	}
	return -1;
}

static long number_after(const char *reason, const char *key, long dflt)
{
	const char *s = strstr(reason, key);

	return s ? strtol(s + strlen(key), NULL, 10) : dflt;
}

static const char *ordinal(int n)
{
	static const char *const words[] = {"zeroth", "first", "second", "third", "fourth", "fifth"};

	return n >= 0 && n <= 5 ? words[n] : "an";
}

/* The helper a call instruction calls, with its bpf_ prefix, or NULL. */
static const char *helper_at(const struct why *w, long insn, char *buf, size_t len)
{
	const struct bpf_insn *in = insn >= 0 && (uint64_t)insn < w->p->ninsns ? &w->p->insns[insn] : NULL;
	const char *h;

	if (!in || !is_call(in) || in->src_reg != 0 || !(h = names_helper(in->imm)))
		return NULL;
	snprintf(buf, len, "bpf_%s", h);
	return buf;
}

/* "a socket_filter", "an xdp" */
static const char *a_type(const struct ldr_prog *p)
{
	static char buf[64];

	return rules_a_type(p->type, buf, sizeof(buf));
}

/* --- the context: which fields a program type may read and write, asked of the kernel - */

/* Does the kernel let this program type read (or write) `size` bytes at context offset
 * off? 1 yes, 0 no, -1 unknown (no privileges, no BPF). */
static int ctx_allows(const struct ldr_prog *p, long off, unsigned size, bool write)
{
	int r = ldr_probe_ctx(p->type, p->expected_attach_type, p->prog_flags, off, size, write);

	return r < 0 ? -1 : r;
}

/* "reads it as u32 (or narrower)", "does not read it", "writes it as u32" in words. */
static void ctx_rights(struct why *w, const struct names_const *f, char *buf, size_t len)
{
	static const unsigned sizes[] = {1, 2, 4, 8};
	char rd[64] = "", wr[64] = "";
	int known = 0;

	for (size_t i = 0; i < 4; i++) {
		int r, wv;
		if (sizes[i] > f->size)
			break;
		r = ctx_allows(w->p, (long)f->value, sizes[i], false);
		wv = ctx_allows(w->p, (long)f->value, sizes[i], true);
		if (r < 0 || wv < 0)
			return;
		known = 1;
		if (r)
			snprintf(rd + strlen(rd), sizeof(rd) - strlen(rd), "%su%u", rd[0] ? ", " : "", sizes[i] * 8);
		if (wv)
			snprintf(wr + strlen(wr), sizeof(wr) - strlen(wr), "%su%u", wr[0] ? ", " : "", sizes[i] * 8);
	}
	if (!known)
		return;
	if (rd[0] && wr[0])
		snprintf(buf, len, "This kernel lets %s program read %s as %s and write it as %s.", a_type(w->p), f->name, rd, wr);
	else if (rd[0])
		snprintf(buf, len, "This kernel lets %s program read %s as %s, but not write it.", a_type(w->p), f->name, rd);
	else if (wr[0])
		snprintf(buf, len, "This kernel lets %s program write %s as %s, but not read it.", a_type(w->p), f->name, wr);
	else
		snprintf(buf, len, "This kernel lets %s program neither read nor write %s.", a_type(w->p), f->name);
}

static void context_access(struct why *w)
{
	const struct bpf_insn *in = &w->p->insns[w->insn];
	bool write = BPF_CLASS(in->code) == BPF_STX || BPF_CLASS(in->code) == BPF_ST;
	long off = number_after(w->reason, "off=", -1), size = number_after(w->reason, "size=", 0);
	const char *ctx = rules_ctx_struct(w->p->type);
	const struct names_const *f = ctx ? names_field_at(ctx, off, false) : NULL;
	char rights[300] = "";

	if (!f) {
		rule(w, "offset %ld is no field of the context %s program may %s.", off, a_type(w->p), write ? "write" : "read");
		if (ctx)
			fix(w, "`bpfas --describe %s` lists the fields and their offsets; use one by name, `%s.FIELD`.", ctx, ctx);
		else
			fix(w, "read the context only at the offsets of its fields.");
		return;
	}
	ctx_rights(w, f, rights, sizeof(rights));
	rule(w, "offset %ld of the context is %s (%u bytes); the verifier checks each %s of a context field against what "
		"the program type may do, and refuses this %ld-byte %s.", off, f->name, f->size, write ? "write" : "read", size,
	     write ? "write" : "read");
	if (rights[0])
		rule(w, " %s", rights);
	if (write && rights[0] && strstr(rights, "not write it") && !strstr(rights, "neither"))
		fix(w, "%s is read only here: keep the value in a register or on the stack and change that.", f->name);
	else if (!write && size != (long)f->size && f->size <= 8)
		fix(w, "read it with its own width: `r0 = *(u%u *)(r1 + %s)`.", f->size * 8, f->name);
	else if (w->p->type == BPF_PROG_TYPE_SOCKET_FILTER && strstr(f->name, ".data"))
		fix(w, "a socket filter reads the packet with skb[...] loads (`r0 = *(u8 *)skb[OFFSET]`, r6 = the context) or "
		       "bpf_skb_load_bytes, not through __sk_buff.data.");
	else
		fix(w, "`bpfas --describe %s` lists the fields; use one this program type has, or a program type that has this one.", ctx);
}

/* --- the explanations ---------------------------------------------------------------- */

static void null_map_value(struct why *w)
{
	int r = reason_reg(w->reason);
	long from = r >= 0 ? trace_back(w, w->insn, (unsigned)r) : -1;
	char at[300], h[64];

	if (r < 0)
		r = 0;
	rule(w, "r%d may be NULL here: a map lookup returns NULL when the key is absent, and the verifier lets a program "
		"use the value only on the path where it has been compared with 0.", r);
	if (from >= 0 && helper_at(w, from, h, sizeof(h)))
		fix(w, "after %s add `if r0 == 0 goto out` (a label where the program returns), then use r%d.",
		    place(w, from, at, sizeof(at)), r);
	else
		fix(w, "compare r%d with 0 before this line (`if r%d == 0 goto out`) and use it only after.", r, r);
}

static void not_written(struct why *w)
{
	int r = reason_reg(w->reason);
	long from;
	char at[300];

	if (r == 0 && w->p->insns[w->insn].code == (BPF_JMP | BPF_EXIT)) {
		rule(w, "the program ends without a return value: r0 is not set on the path to this exit.");
		fix(w, "set it before the exit, for example `r0 = 0`.");
		return;
	}
	rule(w, "r%d is read here, but nothing was written to it on the way here.", r);
	if (r >= 1 && r <= 5)
		rule(w, " r1-r5 hold a helper's arguments and are cleared by every call: after a call they must be set again.");
	else if (r >= 6 && r <= 9)
		rule(w, " r6-r9 survive calls, but start unset in every function.");
	if (r >= 1 && r <= 5 && (from = last_write(w, w->insn, (unsigned)r)) >= 0 && is_call(&w->p->insns[from]))
		origin(w, "The call at %s cleared r%d.", place(w, from, at, sizeof(at)), r);
	fix(w, "write r%d before this line; keep a value across calls in r6-r9 (for the context, `r6 = r1` first).", r);
}

/* "invalid read from stack R10 off=-520 size=8", "invalid indirect read from stack R2
 * off -4+0 size 4", "invalid write to stack ...": out of the 512 bytes, or not yet written. */
static void stack_access(struct why *w)
{
	const char *o = strstr(w->reason, "off=") ? strstr(w->reason, "off=") + 4 : strstr(w->reason, "off ") ? strstr(w->reason, "off ") + 4 : NULL;
	long off = o ? strtol(o, NULL, 10) : 0;
	long size = strstr(w->reason, "size=") ? number_after(w->reason, "size=", 1) : number_after(w->reason, "size ", 1);
	bool write = strstr(w->reason, "write") != NULL;

	if (off < -512 || off + size > 0) {
		rule(w, "the stack of each function is 512 bytes, r10-512 up to r10-1; this %ld-byte %s at r10%+ld is outside it.",
		     size, write ? "write" : "read", off);
		fix(w, "use an offset from -512 to -%ld for %ld bytes; for more room, a per-CPU array map of one entry holds "
		       "a bigger buffer.", size, size);
		return;
	}
	rule(w, "the stack at r10%+ld is read (here, or by the helper called here) before anything was stored there; "
		"root's programs may read such bytes, other users' may not (--strict checks as for them).", off);
	fix(w, "store the value first, for example `*(u%ld *)(r10 - %ld) = 0`.", size == 1 || size == 2 || size == 8 ? size * 8 : 32, -off);
}

/* "misaligned stack access off 0+0+-12 size 8", "misaligned packet access off 2+13+0 size 4" */
static void misaligned(struct why *w)
{
	bool stack = strstr(w->reason, "stack") != NULL;
	long size = number_after(w->reason, "size ", 1), off = 0, part;
	const char *s = strstr(w->reason, "off ");

	for (s = s ? s + 4 : ""; *s && *s != ' ';) { /* the offsets add up */
		char *end;
		part = strtol(s, &end, 10);
		if (end == s)
			break;
		off += part;
		s = *end == '+' ? end + 1 : end;
	}
	if (stack) {
		rule(w, "an access of %ld bytes to the stack must be at an offset that is a multiple of %ld, and r10%+ld is not.",
		     size, size, off);
		fix(w, "use r10%+ld (or another multiple of %ld) for this slot.", off - ((off % size) + size) % size, size);
	} else {
		rule(w, "with strict alignment (--strict asks for it, as machines without fast unaligned loads need), a %ld-byte "
			"packet access must be at a multiple of %ld counting from 2 before the packet's start (NET_IP_ALIGN), and "
			"this one, at %ld, is not.", size, size, off - 2);
		fix(w, "read it in smaller pieces (two u16 loads), or copy it out with bpf_skb_load_bytes / bpf_xdp_load_bytes.");
	}
}

/* "invalid access to packet, off=12 size=2, R2(id=0,off=12,r=12)" */
static void packet_access(struct why *w)
{
	long off = number_after(w->reason, "off=", 0), size = number_after(w->reason, "size=", 0);
	long proven = number_after(w->reason, "r=", 0);
	int r = reason_reg(w->reason);

	if (r < 0)
		r = 2;
	rule(w, "the packet may be shorter than this read: the verifier lets a program read packet bytes only after "
		"comparing the end of the read with data_end. This %ld-byte read at offset %ld needs the first %ld bytes, and ",
	     size, off, off + size);
	if (proven > 0)
		rule(w, "the checks on this path prove only %ld.", proven);
	else
		rule(w, "no check on this path proves any.");
	fix(w, "before the read: `r4 = r%d`, `r4 += %ld`, `if r4 > r3 goto out`, with r%d = data and r3 = data_end.", r,
	    off + size, r);
}

static void gpl(struct why *w)
{
	rule(w, "this helper is for GPL-compatible programs only, and the object's license is %s.",
	     w->o->license ? w->o->license : "missing");
	fix(w, "add `.license \"GPL\"` (in C: char LICENSE[] SEC(\"license\") = \"GPL\";).");
}

/* The program types whose programs this kernel lets call helper id, asked of it (each type
 * of the section table once, with its section's attach type and flags). False when it
 * cannot ask (no privileges). */
static bool helper_types(int32_t id, char *buf, size_t len)
{
	const struct names_section *types[64];
	size_t ntypes = names_prog_types(types, 64), used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ntypes; i++) {
		const struct names_section *s = types[i];
		int r = ldr_probe_helper(s->type, s->attach_type, s->prog_flags, id, "GPL", NULL);
		if (r == -EPERM)
			return false;
		if (r == 1 && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? ", " : "", ldr_prog_type_name(s->type));
	}
	return true;
}

static void helper_not_allowed(struct why *w)
{
	char h[64];
	const char *name = helper_at(w, w->insn, h, sizeof(h));

	if (strstr(w->reason, "unknown func") || strstr(w->reason, "invalid func")) {
		rule(w, "this kernel has no helper %s%s, or not for a %s program.", name ? name : "with this number",
		     name ? "" : "", ldr_prog_type_name(w->p->type));
		fix(w, "use a helper this kernel has: helpers come with kernel versions, and `uname -r` says which one this is.");
		return;
	}
	char types[512];

	rule(w, "%s program may not call %s: each program type has its own list of helpers.", a_type(w->p),
	     name ? name : "this helper");
	if (name && helper_types(w->p->insns[w->insn].imm, types, sizeof(types)))
		rule(w, " On this kernel, %s programs may call it%s", types[0] ? types : "no", types[0] ? "." : " (of the types asked).");
	fix(w, "call a helper this type has, or put the code in a program of a type that may call it.");
}

static void kfunc_not_allowed(struct why *w)
{
	rule(w, "kernel functions (kfuncs) are registered for some program types only, and a %s program is not one of "
		"them for this function.", a_type(w->p));
	fix(w, "call it from a program type it is registered for (tracing, struct_ops or syscall programs have most), or "
	       "use a helper instead.");
}

static void too_large(struct why *w)
{
	rule(w, "the verifier follows every path (a loop turn by turn) and gives up after 1,000,000 instructions.");
	fix(w, "bound loops by fewer turns, or write them with bpf_loop or an open-coded iterator, which the verifier "
	       "checks once.");
}

static void loop(struct why *w)
{
	rule(w, "a jump back leads to a loop the verifier cannot see end: the state at the jump's target is the same as "
		"the last time round.");
	fix(w, "change a register on every turn and leave the loop on a bound the verifier can follow (`r6 += 1`, "
	       "`if r6 < 16 goto again`), or use bpf_loop.");
}

static void unreachable(struct why *w)
{
	rule(w, "no path leads to this instruction, and the kernel refuses dead code.");
	fix(w, "remove it, or jump to it.");
}

static void no_exit(struct why *w)
{
	rule(w, "the last instruction neither exits nor jumps: the program could run past its end.");
	fix(w, "end it with `exit` (after setting r0).");
}

static void jump_into_lddw(struct why *w)
{
	rule(w, "a 64-bit load (`... ll`, lddw) takes two instruction slots, and a jump lands on its second one.");
	fix(w, "jump to a label instead of counting slots (`goto +N` counts an lddw as two).");
}

static void jump_out(struct why *w)
{
	rule(w, "a jump leads outside the program.");
	fix(w, "jump to a label inside the function.");
}

static void bad_ld_imm64(struct why *w)
{
	rule(w, "a 64-bit load (lddw) is malformed: its second slot must be all zero except the upper 32 bits, and its "
		"source field must be 0 or a known pseudo kind (map fd, map value, BTF id, function).");
	fix(w, "write it as `rN = VALUE ll` or `rN = MAP ll` and let bpfas encode it.");
}

static void combined_stack(struct why *w)
{
	long total = number_after(w->reason, " is ", 0), calls = number_after(w->reason, "size of ", 0);

	char at[300];

	rule(w, "all the functions of one chain of calls share 512 bytes of stack; these %ld calls use %ld.", calls, total);
	if (w->insn >= 0 && is_call(&w->p->insns[w->insn]))
		origin(w, "The call at %s goes past 512.", place(w, w->insn, at, sizeof(at)));
	fix(w, "use less stack in one of them, or keep big buffers in a per-CPU array map of one entry.");
}

static void call_depth(struct why *w)
{
	rule(w, "calls may nest 8 deep at most.");
	fix(w, "call fewer functions inside each other.");
}

static void scalar_as_pointer(struct why *w)
{
	int r = reason_reg(w->reason);

	rule(w, "r%d holds a number, not a pointer the verifier knows: a program may load and store only through the "
		"pointers it is given (the context, the stack through r10, the packet, map values).", r);
	if (r >= 0)
		trace_back(w, w->insn, (unsigned)r);
	fix(w, "load through a pointer of those kinds; to read kernel memory at an address, tracing programs call "
	       "bpf_probe_read_kernel.");
}

static void pointer_arith(struct why *w)
{
	int r = reason_reg(w->reason);
	const char *on = strstr(w->reason, " on ");
	char kind[64] = "";

	if (on)
		sscanf(on + 4, "%63s", kind);
	rule(w, "arithmetic is not allowed on r%d here: it holds a %s, and a pointer of that kind must be used as it is.", r,
	     kind[0] ? kind : "pointer");
	if (r >= 0)
		trace_back(w, w->insn, (unsigned)r);
	if (!strcmp(kind, "map_ptr"))
		fix(w, "to reach data in the map, look it up (bpf_map_lookup_elem) and add to the value's pointer, after the NULL check.");
	else if (strstr(kind, "or_null"))
		fix(w, "compare it with 0 first (`if r%d == 0 goto out`); after the check it is a pointer that allows it.", r);
	else
		fix(w, "copy the field you need out of it first, or use a helper made for this kind of pointer.");
}

static void bitwise_on_pointer(struct why *w)
{
	int r = reason_reg(w->reason);

	rule(w, "r%d is a pointer: only adding and subtracting are allowed on pointers; and/or/shift/multiply on one would "
		"hide which memory it points to.", r);
	if (r >= 0)
		trace_back(w, w->insn, (unsigned)r);
	fix(w, "work on a number: load the value it points to first, or compute the offset in another register and add it.");
}

static const struct {
	const char *word, *words;
} arg_kinds[] = {
	{"fp", "the stack"}, {"pkt", "the packet"}, {"pkt_meta", "the packet's metadata"}, {"map_key", "a map key"},
	{"map_value", "a map value"}, {"mem", "memory"}, {"ringbuf_mem", "a ring buffer record"}, {"buf", "a buffer"},
	{"map_ptr", "a map (`rN = NAME ll`)"}, {"ctx", "the context (r1 at the start)"}, {"scalar", "a number"},
	{"sock", "a socket"}, {"sock_common", "a socket"}, {"func", "a function (`rN = LABEL ll`)"},
	{"const_ptr_to_map", "a map"}, {"inv", "a number"},
};

/* "fp, pkt, map_value" -> "the stack, the packet or a map value" */
static void kinds_in_words(const char *list, char *buf, size_t len)
{
	char word[64];
	size_t used = 0, n = 0;
	const char *s = list;
	int consumed;

	buf[0] = '\0';
	while (sscanf(s, " %63[^,]%n", word, &consumed) == 1 && used < len) {
		const char *w = word;
		for (size_t i = 0; i < sizeof(arg_kinds) / sizeof(arg_kinds[0]); i++)
			if (!strcmp(word, arg_kinds[i].word))
				w = arg_kinds[i].words;
		if (!strncmp(word, "trusted_ptr_", 12) || !strncmp(word, "ptr_", 4))
			w = "a kernel object's pointer";
		if (!strstr(buf, w)) {
			used += (size_t)snprintf(buf + used, len - used, "%s%s", n ? ", " : "", w);
			n++;
		}
		s += consumed;
		if (*s != ',')
			break;
		s++;
	}
	/* the last ", " as " or " */
	char *last = n > 1 ? strrchr(buf, ',') : NULL;
	if (last && (size_t)(last - buf) + 4 < len) {
		memmove(last + 3, last + 1, strlen(last + 1) + 1);
		memcpy(last, " or", 3);
	}
}

/* "R2 type=scalar expected=fp, pkt, pkt_meta, map_key, map_value, ..." at a call */
static void arg_type(struct why *w)
{
	int r = reason_reg(w->reason);
	const char *t = strstr(w->reason, "type="), *e = strstr(w->reason, "expected=");
	char type[64] = "", got[128], want[512], h[64];
	const char *helper = helper_at(w, w->insn, h, sizeof(h));

	if (t)
		sscanf(t + 5, "%63[^ ]", type);
	kinds_in_words(type, got, sizeof(got));
	kinds_in_words(e ? e + 9 : "", want, sizeof(want));
	if (helper)
		rule(w, "the %s argument of %s (r%d) must be %s; r%d is %s here.", ordinal(r), helper, r, want, r, got);
	else
		rule(w, "r%d must be %s here; it is %s.", r, want, got);
	if (r >= 0)
		trace_back(w, w->insn, (unsigned)r);
	if (helper && r == 2 && strstr(helper, "_map_") && strstr(want, "stack"))
		fix(w, "put the key on the stack and pass its address: `*(u32 *)(r10 - 4) = 0`, `r2 = r10`, `r2 += -4` "
		       "before the call.");
	else if (helper && r == 1 && strstr(want, "a map"))
		fix(w, "load the map into r1 before the call: `r1 = MAP ll`.");
	else
		fix(w, "set r%d to %s before the call (`bpfas --describe %s` gives its arguments).", r, want, helper ? helper : "HELPER");
}

static void tail_call_map(struct why *w)
{
	rule(w, "bpf_tail_call's second argument (r2) must be a program array: a map of type prog_array whose slots hold "
		"the programs to jump to.");
	trace_back(w, w->insn, 2);
	fix(w, "declare one with `.map jumps, prog_array, key=u32, value=u32, entries=N` and pass it: `r2 = jumps ll` "
	       "(r1 = the context, r3 = the slot).");
}

static void map_value_access(struct why *w)
{
	long vs = number_after(w->reason, "value_size=", 0), off = number_after(w->reason, "off=", 0);
	long size = number_after(w->reason, "size=", 0);
	bool write = BPF_CLASS(w->p->insns[w->insn].code) == BPF_STX || BPF_CLASS(w->p->insns[w->insn].code) == BPF_ST;

	rule(w, "the map's values are %ld bytes (offsets 0 to %ld), and this %ld-byte %s at offset %ld reaches byte %ld.", vs,
	     vs - 1, size, write ? "write" : "read", off, off + size - 1);
	if (vs - size > 0)
		fix(w, "use an offset from 0 to %ld for %ld bytes, or make the value bigger (value= in `.map`).", vs - size, size);
	else if (vs - size == 0)
		fix(w, "use offset 0 (the value has room for one %ld-byte field), or make the value bigger (value= in `.map`).", size);
	else
		fix(w, "access fewer bytes, or make the value bigger (value= in `.map`).");
}

static void unbounded_access(struct why *w)
{
	int r = reason_reg(w->reason);

	long moved = r >= 0 ? last_write(w, w->insn, (unsigned)r) : -1;
	const struct bpf_insn *in = moved >= 0 ? &w->p->insns[moved] : NULL;
	char at[300], src[300];

	rule(w, "r%d was moved by a number whose range the verifier does not know, so it cannot tell that the access stays "
		"inside the memory r%d points to.", r, r);
	if (in && BPF_CLASS(in->code) == BPF_ALU64 && BPF_SRC(in->code) == BPF_X &&
	    (BPF_OP(in->code) == BPF_ADD || BPF_OP(in->code) == BPF_SUB)) {
		origin(w, "r%d was moved by `%s` at %s; ", r, text_of(w, moved, src, sizeof(src)), place(w, moved, at, sizeof(at)));
		trace_back(w, moved, in->src_reg);
		fix(w, "before %s, check the index with an unsigned comparison: `if r%u > LIMIT goto out` (LIMIT the size of the "
		       "memory minus the access's width).", place(w, moved, at, sizeof(at)), in->src_reg);
		return;
	}
	fix(w, "check the number against the size before adding it, with unsigned comparisons: `if rX > LIMIT goto out` "
	       "(rX the index, LIMIT the size minus the access's width).");
}

static void min_negative(struct why *w)
{
	int r = reason_reg(w->reason);

	rule(w, "r%d may have been moved below the start of its memory: the number added to it may be negative.", r);
	fix(w, "check the index as unsigned (`if rX > LIMIT goto out` also refuses negative numbers, as huge ones) before "
	       "adding it.");
}

static void pkt_math(struct why *w)
{
	int r = reason_reg(w->reason);
	const struct bpf_insn *in = &w->p->insns[w->insn];

	rule(w, "a packet pointer may be moved only by a number the verifier knows to be small and not negative; %s.",
	     strstr(w->reason, "unbounded min") ? "this one may be anything" : "this one may be out of that range");
	if (BPF_SRC(in->code) == BPF_X) {
		r = in->src_reg;
		trace_back(w, w->insn, (unsigned)r);
	}
	fix(w, "bound it first with unsigned comparisons: `if r%d > 1500 goto out` (any limit), then add it and compare the "
	       "result with data_end.", r < 0 ? 4 : r);
}

/* "value -2147483648 makes map_value pointer be out of bounds" */
static void pointer_bounds(struct why *w)
{
	const struct bpf_insn *in = &w->p->insns[w->insn];
	long v = number_after(w->reason, "value ", 0);
	char kind[64] = "";
	const char *m = strstr(w->reason, "makes ");
	int r = BPF_SRC(in->code) == BPF_X ? in->src_reg : -1;

	if (m)
		sscanf(m + 6, "%63s", kind);
	rule(w, "adding this number to a %s pointer could move it outside its memory: the number may be as %s as %ld.", kind,
	     v < 0 ? "low" : "high", v);
	if (r >= 0)
		trace_back(w, w->insn, (unsigned)r);
	fix(w, "bound it first with unsigned comparisons, which also refuse negative numbers: `if r%d > LIMIT goto out` "
	       "(LIMIT the size of the memory minus the access's width).", r < 0 ? 4 : r);
}

static void pkt_write(struct why *w)
{
	rule(w, "%s program may read the packet but not change it; tc, XDP, lwt_xmit and sk_skb programs may write packets.",
	     a_type(w->p));
	fix(w, "make it a tc program (`.section tc`) to change the packet, or only read here.");
}

static void ld_abs(struct why *w)
{
	rule(w, "skb[...] loads (BPF_LD ABS/IND) are only for programs whose context is __sk_buff (socket filters, tc, "
		"cgroup_skb, lwt); %s program may not use them.", a_type(w->p));
	fix(w, "%s", w->p->type == BPF_PROG_TYPE_XDP
		     ? "read the packet through xdp_md.data after a data_end check: `r2 = *(u32 *)(r1 + xdp_md.data)`."
		     : "read the packet through the context's data and data_end pointers, or with a load helper.");
}

static void return_range(struct why *w)
{
	const char *s = strstr(w->reason, "should have been in ");
	long lo = 0, hi = 0;
	long r0 = -1;

	if (s)
		sscanf(s + 20, "[%ld, %ld]", &lo, &hi);
	rule(w, "%s program must return a number from %ld to %ld (what it means depends on the type: for cgroup programs "
		"1 lets the packet or call through and 0 stops it).", a_type(w->p), lo, hi);
	r0 = trace_back(w, w->insn, 0);
	(void)r0;
	fix(w, "set r0 to a value from %ld to %ld before the exit, for example `r0 = %ld`.", lo, hi, hi);
}

static void leaks_addr(struct why *w)
{
	rule(w, "a kernel address leaves the program here (returned, stored in a map, or passed out), and the verifier "
		"keeps addresses secret from programs loaded without CAP_PERFMON (--strict checks as for them).");
	if (reason_reg(w->reason) >= 0)
		trace_back(w, w->insn, (unsigned)reason_reg(w->reason));
	fix(w, "return or store a number, not a pointer.");
}

static void unreleased(struct why *w)
{
	long alloc = number_after(w->reason, "alloc_insn=", -1);
	char at[300], src[300];

	rule(w, "something acquired on this path (a ring buffer record, a socket, a kernel object) is not released before "
		"the program ends.");
	if (alloc >= 0 && (uint64_t)alloc < w->p->ninsns)
		origin(w, "It was acquired by `%s` at %s.", text_of(w, alloc, src, sizeof(src)), place(w, alloc, at, sizeof(at)));
	fix(w, "on every path after it is not NULL: a ring buffer record goes to bpf_ringbuf_submit or bpf_ringbuf_discard "
	       "(r1 = the record, r2 = 0); a socket to bpf_sk_release.");
}

static void fp_readonly(struct why *w)
{
	rule(w, "r10, the frame pointer, is read only.");
	fix(w, "copy it and change the copy: `r1 = r10`, `r1 += -8`.");
}

static const struct {
	const char *words;
	void (*explain)(struct why *);
	bool placeless; /* explained even without an instruction */
} table[] = {
	{"invalid mem access 'map_value_or_null'", null_map_value, false},
	{"invalid mem access 'ptr_or_null", null_map_value, false},
	{"invalid mem access 'scalar'", scalar_as_pointer, false},
	{"invalid mem access 'inv'", scalar_as_pointer, false},
	{"!read_ok", not_written, false},
	{"invalid bpf_context access", context_access, false},
	{"read from stack", stack_access, false},
	{"write to stack", stack_access, false},
	{"misaligned stack access", misaligned, false},
	{"misaligned packet access", misaligned, false},
	{"invalid access to packet", packet_access, false},
	{"GPL-restricted", gpl, true},
	{"cannot call GPL", gpl, true},
	{"program of this type cannot use helper", helper_not_allowed, false},
	{"unknown func", helper_not_allowed, false},
	{"invalid func unknown", helper_not_allowed, false},
	{"calling kernel function", kfunc_not_allowed, false},
	{"BPF program is too large", too_large, true},
	{"is too complex", too_large, true},
	{"infinite loop detected", loop, false},
	{"back-edge", loop, false},
	{"unreachable insn", unreachable, false},
	{"last insn is not an exit or jmp", no_exit, false},
	{"jump into the middle of ldimm64", jump_into_lddw, false},
	{"jump out of range", jump_out, false},
	{"invalid bpf_ld_imm64", bad_ld_imm64, false},
	{"combined stack size", combined_stack, true},
	{"call stack of", call_depth, false},
	{"pointer arithmetic on", pointer_arith, false},
	{"bitwise operator", bitwise_on_pointer, false},
	{"pointer arithmetic with", bitwise_on_pointer, false},
	{"32-bit pointer arithmetic", bitwise_on_pointer, false},
	{"expected=", arg_type, false},
	{"expected prog array map for tail call", tail_call_map, false},
	{"invalid access to map value", map_value_access, false},
	{"unbounded memory access", unbounded_access, false},
	{"min value is negative", min_negative, false},
	{"math between pkt pointer", pkt_math, false},
	{"makes pkt pointer be out of bounds", pkt_math, false},
	{"pointer be out of bounds", pointer_bounds, false},
	{"cannot write into packet", pkt_write, false},
	{"BPF_LD_[ABS|IND] instructions not allowed", ld_abs, false},
	{"should have been in", return_range, false},
	{"leaks addr", leaks_addr, false},
	{"pointer -= pointer prohibited", leaks_addr, false},
	{"Unreleased reference", unreleased, false},
	{"frame pointer is read only", fp_readonly, false},
};

/* --- a place for refusals that name none --------------------------------------------- */

/* The stack a function [start, end) uses: the deepest r10-relative access, also through a
 * register just set from r10 and moved by a constant; rounded up to 16 as the kernel's JIT
 * frames are. */
static long frame_depth(const struct ldr_prog *p, uint32_t start, uint32_t end)
{
	long deepest = 0, base[11] = {0};
	bool from_fp[11] = {false};

	for (uint32_t i = start; i < end && i < p->ninsns; i++) {
		const struct bpf_insn *in = &p->insns[i];
		uint8_t cls = BPF_CLASS(in->code);
		long at = 0;
		if (in->code == (BPF_ALU64 | BPF_MOV | BPF_X) && in->src_reg == BPF_REG_10 && in->dst_reg < 10) {
			from_fp[in->dst_reg] = true;
			base[in->dst_reg] = 0;
			continue;
		}
		if (in->code == (BPF_ALU64 | BPF_ADD | BPF_K) && in->dst_reg < 10 && from_fp[in->dst_reg]) {
			base[in->dst_reg] += in->imm;
			at = base[in->dst_reg];
		} else if ((cls == BPF_LDX && in->src_reg == BPF_REG_10) || ((cls == BPF_STX || cls == BPF_ST) && in->dst_reg == BPF_REG_10))
			at = in->off;
		else if (in->dst_reg < 10 && (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX))
			from_fp[in->dst_reg] = false;
		if (-at > deepest)
			deepest = -at;
	}
	return (deepest + 15) / 16 * 16;
}

/* The function that holds slot i: the last func_info start at or before it. */
static uint32_t func_start(const struct ldr_prog *p, uint32_t i, uint32_t *end)
{
	uint32_t start = 0;

	*end = p->ninsns;
	for (uint32_t k = 0; k < p->nfunc_info; k++) {
		uint32_t s = p->func_info[k].insn_off;
		if (s <= i && s >= start)
			start = s;
		else if (s > i && s < *end)
			*end = s;
	}
	return start;
}

/* The call, along the calls from the program's start, at which the stacks add up past 512. */
static long deep_call(const struct ldr_prog *p, uint32_t fn, long used, int level)
{
	uint32_t end, start = func_start(p, fn, &end);

	used += frame_depth(p, start, end);
	for (uint32_t i = start; i < end && level < 8; i++) {
		const struct bpf_insn *in = &p->insns[i];
		long t = (long)i + 1 + in->imm, found;
		uint32_t tend = 0, tstart;
		if (in->code != (BPF_JMP | BPF_CALL) || in->src_reg != BPF_PSEUDO_CALL || t < 0 || (uint64_t)t >= p->ninsns)
			continue;
		tstart = func_start(p, (uint32_t)t, &tend);
		if (used + frame_depth(p, tstart, tend) > 512)
			return i;
		if ((found = deep_call(p, (uint32_t)t, used, level + 1)) >= 0)
			return found;
	}
	return -1;
}

long ldr_refusal_place(const struct ldr_prog *p, const char *reason, size_t rlen)
{
	char r[256];

	snprintf(r, sizeof(r), "%.*s", (int)rlen, reason ? reason : "");
	if (strstr(r, "combined stack size"))
		return deep_call(p, 0, 0, 0);
	return -1;
}

size_t ldr_explanation_count(void)
{
	return sizeof(table) / sizeof(table[0]);
}

bool ldr_explain(const struct ldr_object *o, const struct ldr_prog *p, long insn, const char *reason, size_t rlen,
		 const char *log, struct ldr_explanation *x)
{
	char r[512];
	long path[4096];
	struct why w = {o, p, insn, r, path, 0, x};

	memset(x, 0, sizeof(*x));
	snprintf(r, sizeof(r), "%.*s", (int)rlen, reason ? reason : "");
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		if (!strstr(r, table[i].words))
			continue;
		if (insn < 0 || (uint64_t)insn >= p->ninsns) { /* explanations that need no place */
			if (!table[i].placeless)
				return false;
			w.insn = 0;
		} else
			w.npath = ldr_log_path(log, path, sizeof(path) / sizeof(path[0]));
		table[i].explain(&w);
		return true;
	}
	return false;
}
