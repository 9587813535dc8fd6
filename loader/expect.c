/* expect.c: --expect FILE. The vector file is read whole into vectors of steps (inputs to
 * run, settings, expectations), checked against the program before anything runs, then
 * each vector is run from fresh maps in each back end until its first difference. */
#include "expect.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "input.h"
#include "names.h"
#include "print.h"
#include "sys.h"
#include "testrun.h"

#define MAX_WORDS 64         /* numbers in one key or value */
#define MAX_PACKET 65535

enum step_kind {
	ST_PACKET,  /* run on these bytes */
	ST_CONTEXT, /* run on this context (programs without a packet) */
	ST_RUN,     /* run on the context the `ctx` settings make */
	ST_CTX,     /* FIELD=VALUE for the runs after it */
	ST_RETURN,  /* the last run's r0 */
	ST_MAP,     /* an entry's value, or that there is none */
	ST_ENTRIES, /* how many entries a map holds */
};

struct step {
	enum step_kind kind;
	unsigned line;
	uint8_t *bytes;       /* packet, context */
	uint32_t len;
	char *text;           /* ctx setting, return value as written, map name */
	int64_t key[MAX_WORDS], val[MAX_WORDS];
	uint32_t nkey, nval;  /* nval 0 with ST_MAP: absent */
};

struct vector {
	char *name;
	unsigned line;
	struct step *steps;
	size_t n, cap;
};

struct ldr_expect {
	char *path, *program;
	struct vector *v;
	size_t n, cap;
};

static void say(char *err, size_t errlen, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void say(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* A number (decimal, 0x hex, negative) or a built-in constant (IPPROTO_UDP, XDP_DROP). */
static bool number(const char *s, int64_t *v)
{
	const struct names_const *c;
	char *end;

	errno = 0;
	*v = s[0] == '-' ? strtoll(s, &end, 0) : (int64_t)strtoull(s, &end, 0);
	if (!errno && end != s && !*end)
		return true;
	c = names_const_find(s);
	if (c && !c->size) {
		*v = c->value;
		return true;
	}
	return false;
}

/* --- packets built by field ------------------------------------------------------------------ */

struct pkt_fields {
	uint32_t src, dst;    /* network order */
	int64_t sport, dport, ttl, tos, id, payload, proto, ethertype, type, code, seq, ack, window;
	uint8_t flags;
};

static uint32_t sum16(const uint8_t *p, size_t n, uint32_t s)
{
	for (size_t i = 0; i + 1 < n; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p + 2, v);
}

static int tcp_flags(const char *s, uint8_t *f)
{
	static const char letters[] = "FSRPAUEC"; /* bit 0 FIN ... bit 7 CWR */

	*f = 0;
	for (; *s; s++) {
		const char *at = strchr(letters, toupper((unsigned char)*s));
		if (!at)
			return -1;
		*f |= (uint8_t)(1u << (at - letters));
	}
	return 0;
}

/* `packet udp|tcp|icmp|ip FIELD=VALUE...`: Ethernet 00:..:01 -> 00:..:02, IPv4 (checksum
 * computed), the transport header with its checksum over the pseudo header, then payload
 * bytes of zero. */
static int build_packet(char **tok, int ntok, struct step *st, char *err, size_t errlen)
{
	static const struct { const char *name; int64_t proto, hlen; } kinds[] = {
		{"udp", 17, 8}, {"tcp", 6, 20}, {"icmp", 1, 8}, {"ip", 0, 0}};
	struct pkt_fields f = {htonl(0x0a000001), htonl(0x0a000002), 12345, 9, 64, 0, 1, 0, -1, 0x0800, 8, 0, 1, 0, 65535, 0x02};
	int k = -1;
	uint32_t l4, total;
	uint8_t *p, *ip, *t;

	for (int i = 0; i < 4; i++)
		if (!strcmp(tok[0], kinds[i].name))
			k = i;
	if (k < 0) {
		say(err, errlen, "packet %s: a packet is hex BYTES..., file PATH, or udp, tcp, icmp or ip with FIELD=VALUE", tok[0]);
		return -EINVAL;
	}
	for (int i = 1; i < ntok; i++) {
		char *eq = strchr(tok[i], '=');
		const char *name = tok[i], *val = eq ? eq + 1 : "";
		int64_t v = 0;
		struct { const char *name; int64_t *at; int64_t max; } nums[] = {
			{"sport", &f.sport, 65535}, {"dport", &f.dport, 65535}, {"ttl", &f.ttl, 255}, {"tos", &f.tos, 255},
			{"id", &f.id, 65535}, {"payload", &f.payload, 1500}, {"proto", &f.proto, 255},
			{"ethertype", &f.ethertype, 65535}, {"type", &f.type, 255}, {"code", &f.code, 255},
			{"seq", &f.seq, 0xffffffff}, {"ack", &f.ack, 0xffffffff}, {"window", &f.window, 65535}};
		bool done = false;
		if (!eq) {
			say(err, errlen, "packet %s: '%s' is not FIELD=VALUE", tok[0], tok[i]);
			return -EINVAL;
		}
		*eq = '\0';
		if (!strcmp(name, "src") || !strcmp(name, "dst")) {
			if (inet_pton(AF_INET, val, !strcmp(name, "src") ? (void *)&f.src : (void *)&f.dst) != 1) {
				say(err, errlen, "packet %s: %s=%s is not an IPv4 address (a.b.c.d)", tok[0], name, val);
				return -EINVAL;
			}
			continue;
		}
		if (!strcmp(name, "flags")) {
			if (k != 1 || tcp_flags(val, &f.flags)) {
				say(err, errlen, "packet %s: flags=%s: TCP flags are letters of FSRPAUEC (SYN: S, SYN-ACK: SA)", tok[0], val);
				return -EINVAL;
			}
			continue;
		}
		for (size_t n = 0; n < sizeof(nums) / sizeof(nums[0]) && !done; n++) {
			if (strcmp(name, nums[n].name))
				continue;
			if (!number(val, &v) || v < 0 || v > nums[n].max) {
				say(err, errlen, "packet %s: %s=%s is not a number from 0 to %lld", tok[0], name, val, (long long)nums[n].max);
				return -EINVAL;
			}
			*nums[n].at = v;
			done = true;
		}
		if (!done) {
			say(err, errlen, "packet %s: no field '%s' (src, dst, sport, dport, ttl, tos, id, proto, ethertype, payload; "
				"tcp: flags, seq, ack, window; icmp: type, code)", tok[0], name);
			return -EINVAL;
		}
	}
	if (f.proto < 0)
		f.proto = kinds[k].proto;
	l4 = (uint32_t)kinds[k].hlen + (uint32_t)f.payload;
	total = 14 + 20 + l4;
	if (!(p = calloc(1, total)))
		return -ENOMEM;
	p[5] = 2; /* destination 00:00:00:00:00:02, source 00:00:00:00:00:01 */
	p[11] = 1;
	put16(p + 12, (uint32_t)f.ethertype);
	ip = p + 14;
	ip[0] = 0x45;
	ip[1] = (uint8_t)f.tos;
	put16(ip + 2, 20 + l4);
	put16(ip + 4, (uint32_t)f.id);
	ip[8] = (uint8_t)f.ttl;
	ip[9] = (uint8_t)f.proto;
	memcpy(ip + 12, &f.src, 4);
	memcpy(ip + 16, &f.dst, 4);
	put16(ip + 10, fold(sum16(ip, 20, 0)));
	t = ip + 20;
	if (k == 0 || k == 1) {
		uint8_t pseudo[12];
		uint16_t c;
		memcpy(pseudo, ip + 12, 8);
		pseudo[8] = 0;
		pseudo[9] = (uint8_t)f.proto;
		put16(pseudo + 10, l4);
		put16(t, (uint32_t)f.sport);
		put16(t + 2, (uint32_t)f.dport);
		if (k == 0) {
			put16(t + 4, l4);
		} else {
			put32(t + 4, (uint32_t)f.seq);
			put32(t + 8, (uint32_t)f.ack);
			t[12] = 5 << 4;
			t[13] = f.flags;
			put16(t + 14, (uint32_t)f.window);
		}
		c = fold(sum16(t, l4, sum16(pseudo, 12, 0)));
		put16(t + (k == 0 ? 6 : 16), k == 0 && !c ? 0xffff : c); /* UDP sends 0 as ffff */
	} else if (k == 2) {
		t[0] = (uint8_t)f.type;
		t[1] = (uint8_t)f.code;
		put16(t + 4, 1); /* identifier and sequence 1 */
		put16(t + 6, 1);
		put16(t + 2, fold(sum16(t, l4, 0)));
	}
	st->bytes = p;
	st->len = total;
	return 0;
}

/* --- reading the file -------------------------------------------------------------------- */

static int hex_bytes(char **tok, int ntok, const char *what, struct step *st, char *err, size_t errlen)
{
	size_t n = 0;
	uint8_t *b;

	for (int i = 0; i < ntok; i++)
		n += (strlen(tok[i]) + 1) / 2;
	if (!n || n > MAX_PACKET) {
		say(err, errlen, "%s hex: give from 1 to %d bytes as hex (45 00 ... or 4500...)", what, MAX_PACKET);
		return -EINVAL;
	}
	if (!(b = malloc(n)))
		return -ENOMEM;
	n = 0;
	for (int i = 0; i < ntok; i++) {
		const char *s = tok[i];
		size_t l = strlen(s);
		if (l & 1) {
			say(err, errlen, "%s hex: '%s' is an odd number of hex digits", what, s);
			free(b);
			return -EINVAL;
		}
		for (size_t j = 0; j < l; j += 2) {
			unsigned v;
			char two[3] = {s[j], s[j + 1], 0};
			if (!isxdigit((unsigned char)s[j]) || !isxdigit((unsigned char)s[j + 1]) || sscanf(two, "%x", &v) != 1) {
				say(err, errlen, "%s hex: '%s' is not hex", what, s);
				free(b);
				return -EINVAL;
			}
			b[n++] = (uint8_t)v;
		}
	}
	st->bytes = b;
	st->len = (uint32_t)n;
	return 0;
}

/* `context u64 0 39`: numbers of one width, little-endian, one after the other; or hex. */
static int context_bytes(char **tok, int ntok, struct step *st, char *err, size_t errlen)
{
	static const char *const widths[] = {"u8", "u16", "u32", "u64"};
	int w = -1;

	if (ntok >= 1 && !strcmp(tok[0], "hex"))
		return hex_bytes(tok + 1, ntok - 1, "context", st, err, errlen);
	for (int i = 0; i < 4 && ntok; i++)
		if (!strcmp(tok[0], widths[i]))
			w = 1 << i;
	if (w < 0 || ntok < 2 || ntok - 1 > MAX_WORDS) {
		say(err, errlen, "context: give u8, u16, u32 or u64 and from 1 to %d numbers (context u64 0 39), or hex BYTES", MAX_WORDS);
		return -EINVAL;
	}
	if (!(st->bytes = calloc((size_t)(ntok - 1), (size_t)w)))
		return -ENOMEM;
	st->len = (uint32_t)((ntok - 1) * w);
	for (int i = 1; i < ntok; i++) {
		int64_t v;
		if (!number(tok[i], &v)) {
			say(err, errlen, "context: '%s' is not a number", tok[i]);
			return -EINVAL;
		}
		for (int b = 0; b < w; b++)
			st->bytes[(i - 1) * w + b] = (uint8_t)((uint64_t)v >> (8 * b));
	}
	return 0;
}

static int numbers(char **tok, int ntok, int64_t *out, uint32_t *n, const char *what, char *err, size_t errlen)
{
	if (ntok < 1 || ntok > MAX_WORDS) {
		say(err, errlen, "give the %s as 1 to %d numbers", what, MAX_WORDS);
		return -EINVAL;
	}
	for (int i = 0; i < ntok; i++)
		if (!number(tok[i], &out[i])) {
			say(err, errlen, "the %s: '%s' is not a number or a known constant", what, tok[i]);
			return -EINVAL;
		}
	*n = (uint32_t)ntok;
	return 0;
}

/* `map NAME[KEY...] = VALUE...`, `map NAME[KEY...] absent`, `map NAME entries N` */
static int map_step(char *rest, struct step *st, char *err, size_t errlen)
{
	char *tok[2 * MAX_WORDS + 4], *open = strchr(rest, '['), *close = open ? strchr(open, ']') : NULL, *s;
	int ntok = 0;

	if (!open) {
		char *name = strtok(rest, " \t"), *what = strtok(NULL, " \t"), *n = strtok(NULL, " \t");
		if (!name || !what || strcmp(what, "entries") || !n || strtok(NULL, " \t")) {
			say(err, errlen, "map: write map NAME[KEY] = VALUE, map NAME[KEY] absent or map NAME entries N");
			return -EINVAL;
		}
		st->kind = ST_ENTRIES;
		if (!(st->text = strdup(name)))
			return -ENOMEM;
		return numbers(&n, 1, st->val, &st->nval, "number of entries", err, errlen);
	}
	if (!close) {
		say(err, errlen, "map: the key has no closing ']'");
		return -EINVAL;
	}
	*open = *close = '\0';
	while (open > rest && isspace((unsigned char)open[-1]))
		*--open = '\0';
	if (!*rest || strpbrk(rest, " \t")) {
		say(err, errlen, "map: give the map's name before '['");
		return -EINVAL;
	}
	if (!(st->text = strdup(rest)))
		return -ENOMEM;
	for (s = strtok(open + 1, " \t,"); s && ntok < MAX_WORDS + 1; s = strtok(NULL, " \t,"))
		tok[ntok++] = s;
	if (numbers(tok, ntok, st->key, &st->nkey, "key", err, errlen))
		return -EINVAL;
	ntok = 0;
	for (s = strtok(close + 1, " \t,"); s && ntok < MAX_WORDS + 2; s = strtok(NULL, " \t,"))
		tok[ntok++] = s;
	if (ntok == 1 && !strcmp(tok[0], "absent"))
		return 0; /* nval 0 */
	if (ntok < 2 || strcmp(tok[0], "=")) {
		say(err, errlen, "map %s[...]: then '= VALUE' or 'absent'", st->text);
		return -EINVAL;
	}
	return numbers(tok + 1, ntok - 1, st->val, &st->nval, "value", err, errlen);
}

static char *path_beside(const char *file, const char *name)
{
	const char *slash = strrchr(file, '/');
	char *p;

	if (name[0] == '/' || !slash)
		return strdup(name);
	if (asprintf(&p, "%.*s/%s", (int)(slash - file), file, name) < 0)
		return NULL;
	return p;
}

static struct step *new_step(struct vector *v, enum step_kind kind, unsigned line)
{
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct step *q = realloc(v->steps, cap * sizeof(*q));
		if (!q)
			return NULL;
		v->steps = q;
		v->cap = cap;
	}
	memset(&v->steps[v->n], 0, sizeof(v->steps[0]));
	v->steps[v->n].kind = kind;
	v->steps[v->n].line = line;
	return &v->steps[v->n++];
}

/* Every packet of a capture (or the bytes of a file) as steps of their own. */
static int packets_from(struct ldr_expect *x, struct vector *v, unsigned line, const char *name, bool pcap, char *err,
			size_t errlen)
{
	struct ldr_input_spec spec = {0};
	struct ldr_input *in;
	const uint8_t *data;
	uint32_t len;
	char *path = path_beside(x->path, name), ierr[512];
	int ret;

	if (!path)
		return -ENOMEM;
	if (pcap)
		spec.pcap = path;
	else
		spec.data_file = path;
	ret = ldr_input_open(&spec, &in, ierr, sizeof(ierr));
	while (!ret && (ret = ldr_input_next(in, &data, &len, ierr, sizeof(ierr))) > 0) {
		struct step *st = new_step(v, ST_PACKET, line);
		if (!st || !(st->bytes = malloc(len ? len : 1))) {
			ret = -ENOMEM;
			break;
		}
		memcpy(st->bytes, data, len);
		st->len = len;
		ret = 0;
	}
	if (!ret || ret == -ENOMEM)
		ldr_input_close(in);
	if (ret && ret != -ENOMEM)
		say(err, errlen, "%s", ierr);
	free(path);
	return ret;
}

static int read_line(struct ldr_expect *x, char *line, unsigned lineno, char *err, size_t errlen)
{
	char *tok[4096], *word, *rest, *s;
	struct vector *v = x->n ? &x->v[x->n - 1] : NULL;
	struct step *st;
	int ntok = 0;

	for (s = line; *s; s++) /* a comment: # to the end, outside a quoted name */
		if (*s == '#' && (s == line || isspace((unsigned char)s[-1]))) {
			*s = '\0';
			break;
		}
	while (s > line && isspace((unsigned char)s[-1]))
		*--s = '\0';
	for (word = line; isspace((unsigned char)*word); word++)
		;
	if (!*word)
		return 0;
	for (rest = word; *rest && !isspace((unsigned char)*rest); rest++)
		;
	if (*rest)
		*rest++ = '\0';
	while (isspace((unsigned char)*rest))
		rest++;
	if (!strcmp(word, "program")) {
		if (x->program || x->n || !*rest || strpbrk(rest, " \t")) {
			say(err, errlen, "program NAME comes once, before the first vector");
			return -EINVAL;
		}
		return (x->program = strdup(rest)) ? 0 : -ENOMEM;
	}
	if (!strcmp(word, "vector")) {
		size_t l = strlen(rest);
		if (x->n == x->cap) {
			size_t cap = x->cap ? x->cap * 2 : 8;
			struct vector *q = realloc(x->v, cap * sizeof(*q));
			if (!q)
				return -ENOMEM;
			x->v = q;
			x->cap = cap;
		}
		if (l >= 2 && rest[0] == '"' && rest[l - 1] == '"')
			rest[l - 1] = '\0', rest++;
		memset(&x->v[x->n], 0, sizeof(x->v[0]));
		x->v[x->n].line = lineno;
		if (!(x->v[x->n++].name = strdup(rest)))
			return -ENOMEM;
		return 0;
	}
	if (!v) {
		say(err, errlen, "'%s' before the first vector: a file starts with `vector NAME`", word);
		return -EINVAL;
	}
	if (!strcmp(word, "return")) {
		if (!*rest) {
			say(err, errlen, "return: give the value (XDP_DROP, 2, keep, ...)");
			return -EINVAL;
		}
		if (!(st = new_step(v, ST_RETURN, lineno)))
			return -ENOMEM;
		return (st->text = strdup(rest)) ? 0 : -ENOMEM;
	}
	if (!strcmp(word, "map")) {
		if (!(st = new_step(v, ST_MAP, lineno)))
			return -ENOMEM;
		return map_step(rest, st, err, errlen);
	}
	if (!strcmp(word, "ctx")) {
		if (!strchr(rest, '=') || strpbrk(rest, " \t")) {
			say(err, errlen, "ctx: give one FIELD=VALUE (ctx __sk_buff.mark=7)");
			return -EINVAL;
		}
		if (!(st = new_step(v, ST_CTX, lineno)))
			return -ENOMEM;
		return (st->text = strdup(rest)) ? 0 : -ENOMEM;
	}
	if (!strcmp(word, "run")) {
		if (*rest) {
			say(err, errlen, "run takes nothing: it runs the program on the context the ctx lines made");
			return -EINVAL;
		}
		return new_step(v, ST_RUN, lineno) ? 0 : -ENOMEM;
	}
	if (!strcmp(word, "pcap"))
		return packets_from(x, v, lineno, rest, true, err, errlen);
	for (s = strtok(rest, " \t"); s && ntok < (int)(sizeof(tok) / sizeof(tok[0])); s = strtok(NULL, " \t"))
		tok[ntok++] = s;
	if (s) {
		say(err, errlen, "%s: too many words", word);
		return -EINVAL;
	}
	if (!strcmp(word, "context")) {
		if (!(st = new_step(v, ST_CONTEXT, lineno)))
			return -ENOMEM;
		return context_bytes(tok, ntok, st, err, errlen);
	}
	if (!strcmp(word, "packet")) {
		if (!ntok) {
			say(err, errlen, "packet: give udp, tcp, icmp or ip with FIELD=VALUE, hex BYTES..., or file PATH");
			return -EINVAL;
		}
		if (!strcmp(tok[0], "file") && ntok == 2)
			return packets_from(x, v, lineno, tok[1], false, err, errlen);
		if (!(st = new_step(v, ST_PACKET, lineno)))
			return -ENOMEM;
		if (!strcmp(tok[0], "hex"))
			return hex_bytes(tok + 1, ntok - 1, "packet", st, err, errlen);
		return build_packet(tok, ntok, st, err, errlen);
	}
	say(err, errlen, "'%s' is not a line of a vector file (vector, packet, pcap, context, run, ctx, return, map, program)", word);
	return -EINVAL;
}

int ldr_expect_read(const char *path, struct ldr_expect **out, char *err, size_t errlen)
{
	struct ldr_expect *x = calloc(1, sizeof(*x));
	FILE *f = fopen(path, "r");
	char *line = NULL, lerr[600];
	size_t cap = 0;
	unsigned lineno = 0;
	int ret = 0;

	*out = NULL;
	if (!x || !f || !(x->path = strdup(path))) {
		ret = f || !x ? -ENOMEM : -errno;
		say(err, errlen, "--expect %s: %s", path, strerror(-ret));
		goto fail;
	}
	while (getline(&line, &cap, f) > 0) {
		lineno++;
		if (strlen(line) > 1 << 20) {
			say(err, errlen, "%s:%u: the line is longer than 1 MiB", path, lineno);
			ret = -EINVAL;
			goto fail;
		}
		lerr[0] = '\0';
		if ((ret = read_line(x, line, lineno, lerr, sizeof(lerr)))) {
			say(err, errlen, "%s:%u: %s", path, lineno, ret == -ENOMEM && !lerr[0] ? strerror(ENOMEM) : lerr);
			goto fail;
		}
	}
	if (ferror(f)) {
		ret = -EIO;
		say(err, errlen, "%s: cannot read it", path);
		goto fail;
	}
	if (!x->n) {
		ret = -EINVAL;
		say(err, errlen, "%s: no vectors (a vector starts with `vector NAME`)", path);
		goto fail;
	}
	for (size_t i = 0; i < x->n; i++) {
		bool runs = false;
		for (size_t k = 0; k < x->v[i].n; k++) {
			enum step_kind kd = x->v[i].steps[k].kind;
			runs |= kd == ST_PACKET || kd == ST_CONTEXT || kd == ST_RUN;
			if (kd == ST_RETURN && !runs) {
				ret = -EINVAL;
				say(err, errlen, "%s:%u: return before any packet or context was run", path, x->v[i].steps[k].line);
				goto fail;
			}
		}
	}
	free(line);
	fclose(f);
	*out = x;
	return 0;
fail:
	free(line);
	if (f)
		fclose(f);
	ldr_expect_free(x);
	return ret;
}

const char *ldr_expect_program(const struct ldr_expect *x)
{
	return x->program;
}

void ldr_expect_free(struct ldr_expect *x)
{
	if (!x)
		return;
	for (size_t i = 0; i < x->n; i++) {
		for (size_t k = 0; k < x->v[i].n; k++) {
			free(x->v[i].steps[k].bytes);
			free(x->v[i].steps[k].text);
		}
		free(x->v[i].steps);
		free(x->v[i].name);
	}
	free(x->v);
	free(x->program);
	free(x->path);
	free(x);
}

/* --- running ---------------------------------------------------------------------------- */

static bool percpu_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH || type == BPF_MAP_TYPE_LRU_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static bool array_map(uint32_t type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static struct ldr_map *find_map(struct ldr_object *o, const char *name)
{
	for (size_t i = 0; i < o->nmaps; i++)
		if (!strcmp(o->maps[i].name, name))
			return &o->maps[i];
	return NULL;
}

/* The width of each of n numbers that make up size bytes: 1, 2, 4 or 8, or 0. */
static uint32_t width(uint32_t size, uint32_t n)
{
	uint32_t w = n ? size / n : 0;

	return n && size % n == 0 && (w == 1 || w == 2 || w == 4 || w == 8) ? w : 0;
}

/* What the file asks of the program, checked before anything runs. */
static int fits(const struct ldr_expect *x, struct ldr_object *o, const struct ldr_prog *p, char *err, size_t errlen)
{
	const struct ldr_run_kind *kind = ldr_run_kind(p->type);

	for (size_t i = 0; i < x->n; i++)
		for (size_t k = 0; k < x->v[i].n; k++) {
			const struct step *st = &x->v[i].steps[k];
			struct ldr_map *m;
			if ((st->kind == ST_PACKET && !kind->data) || ((st->kind == ST_CONTEXT || st->kind == ST_RUN) && kind->data)) {
				say(err, errlen, "%s:%u: program '%s' is a %s program: it takes %s", x->path, st->line, p->name,
				    ldr_prog_type_name(p->type), kind->data ? "packets (packet, pcap)" : "a context only (context, run)");
				return -EINVAL;
			}
			if (st->kind != ST_MAP && st->kind != ST_ENTRIES)
				continue;
			if (!(m = find_map(o, st->text))) {
				say(err, errlen, "%s:%u: the object has no map '%s'", x->path, st->line, st->text);
				return -EINVAL;
			}
			if (st->kind == ST_ENTRIES)
				continue;
			if (!width(m->key_size, st->nkey)) {
				say(err, errlen, "%s:%u: map %s has %u-byte keys: %u number%s cannot make one (give 1 number, or as many as "
				    "split it into u8, u16, u32 or u64)", x->path, st->line, m->name, m->key_size, st->nkey, st->nkey == 1 ? "" : "s");
				return -EINVAL;
			}
			if (st->nval && !width(m->value_size, st->nval)) {
				say(err, errlen, "%s:%u: map %s has %u-byte values: %u number%s cannot make one", x->path, st->line, m->name,
				    m->value_size, st->nval, st->nval == 1 ? "" : "s");
				return -EINVAL;
			}
			if (!st->nval && array_map(m->type)) {
				say(err, errlen, "%s:%u: map %s is an array: every entry exists; expect '= 0' instead of 'absent'", x->path,
				    st->line, m->name);
				return -EINVAL;
			}
		}
	return 0;
}

/* One back end's hold on the maps and the program, for one vector. */
struct backend {
	bool kernel;
	struct ldr_object *o;
	struct ldr_prog *p;
	struct ldr_emu *emu;
	uint8_t *kout;
	uint32_t kout_cap;
	struct ldr_run_result last;
	uint32_t last_len;
	bool ran;
};

static int map_next(struct backend *b, struct ldr_map *m, const void *key, void *next)
{
	const struct ldr_map_reader *rd = b->kernel ? NULL : ldr_emu_reader(b->emu);

	return rd ? rd->next_key(rd->arg, m, key, next) : ldr_sys_map_get_next_key(m->fd, key, next);
}

static int map_lookup(struct backend *b, struct ldr_map *m, const void *key, void *value)
{
	const struct ldr_map_reader *rd = b->kernel ? NULL : ldr_emu_reader(b->emu);

	return rd ? rd->lookup(rd->arg, m, key, value) : ldr_sys_map_lookup_elem(m->fd, key, value);
}

static uint64_t get_le(const uint8_t *p, uint32_t w)
{
	uint64_t v = 0;

	for (uint32_t i = w; i-- > 0;)
		v = v << 8 | p[i];
	return v;
}

/* An entry's value as w-byte words, summed over the CPUs for a per-CPU map. */
static int read_value(struct backend *b, struct ldr_map *m, const uint8_t *key, uint32_t w, uint64_t *words, bool *found)
{
	int ncpu = percpu_map(m->type) ? ldr_possible_cpus() : 1;
	uint32_t stride = percpu_map(m->type) ? (m->value_size + 7) / 8 * 8 : m->value_size, n = m->value_size / w;
	uint8_t *buf = calloc((size_t)(ncpu > 0 ? ncpu : 1), stride + 8);
	int ret;

	if (!buf)
		return -ENOMEM;
	ret = map_lookup(b, m, key, buf);
	*found = !ret;
	memset(words, 0, sizeof(*words) * n);
	for (int c = 0; !ret && c < ncpu; c++)
		for (uint32_t i = 0; i < n; i++)
			words[i] += get_le(buf + (size_t)c * stride + i * w, w);
	free(buf);
	return ret == -ENOENT ? 0 : ret;
}

static void put_le(uint8_t *p, uint64_t v, uint32_t w)
{
	for (uint32_t i = 0; i < w; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void words_text(char *out, size_t len, const int64_t *w, const uint64_t *u, uint32_t n)
{
	size_t at = 0;

	out[0] = '\0';
	for (uint32_t i = 0; i < n && at < len; i++)
		at += (size_t)snprintf(out + at, len - at, "%s%lld", i ? " " : "", w ? (long long)w[i] : (long long)u[i]);
}

static int check_map(struct backend *b, const struct step *st, char *why, size_t whylen)
{
	struct ldr_map *m = find_map(b->o, st->text);
	uint32_t kw = width(m->key_size, st->nkey), vw = st->nval ? width(m->value_size, st->nval) : 8;
	uint8_t key[MAX_WORDS * 8];
	uint64_t *got = calloc((size_t)m->value_size + 8, sizeof(uint64_t));
	char k[400], e[400], g[400];
	bool found, same = true;
	int ret;

	if (!got)
		return -ENOMEM;
	for (uint32_t i = 0; i < st->nkey; i++)
		put_le(key + i * kw, (uint64_t)st->key[i], kw);
	words_text(k, sizeof(k), st->key, NULL, st->nkey);
	if (!st->nval)
		vw = 1; /* only whether the entry is there matters */
	if ((ret = read_value(b, m, key, vw, got, &found)))
		goto out;
	if (!st->nval) {
		if (found) {
			words_text(g, sizeof(g), NULL, got, m->value_size < 16 ? m->value_size : 16);
			snprintf(why, whylen, "line %u: %s[%s]: expected no entry, found one (bytes %s%s)", st->line, m->name, k, g,
				 m->value_size > 16 ? " ..." : "");
			ret = 1;
		}
		goto out;
	}
	if (!found) {
		words_text(e, sizeof(e), st->val, NULL, st->nval);
		snprintf(why, whylen, "line %u: %s[%s]: expected %s, but there is no such entry", st->line, m->name, k, e);
		ret = 1;
		goto out;
	}
	for (uint32_t i = 0; i < st->nval; i++)
		same &= got[i] == (vw == 8 ? (uint64_t)st->val[i] : (uint64_t)st->val[i] & ((1ull << (8 * vw)) - 1));
	if (!same) {
		words_text(e, sizeof(e), st->val, NULL, st->nval);
		words_text(g, sizeof(g), NULL, got, st->nval);
		snprintf(why, whylen, "line %u: %s[%s]: expected %s, got %s%s", st->line, m->name, k, e, g,
			 percpu_map(m->type) ? " (the sum over the CPUs)" : "");
		ret = 1;
	}
out:
	free(got);
	return ret;
}

static int check_entries(struct backend *b, const struct step *st, char *why, size_t whylen)
{
	struct ldr_map *m = find_map(b->o, st->text);
	uint8_t *key = calloc(1, m->key_size + 8), *next = calloc(1, m->key_size + 8);
	uint64_t n = 0, *words = calloc(m->value_size + 8, sizeof(uint64_t));
	bool have = false;
	int ret = 0;

	if (!key || !next || !words) {
		ret = -ENOMEM;
		goto out;
	}
	while (n < 10000000 && !map_next(b, m, have ? key : NULL, next)) {
		bool found, nonzero = false;
		memcpy(key, next, m->key_size);
		have = true;
		if (!array_map(m->type)) {
			n++;
			continue;
		}
		if ((ret = read_value(b, m, key, 1, words, &found)))
			goto out;
		for (uint32_t i = 0; i < m->value_size; i++)
			nonzero |= words[i] != 0;
		n += nonzero;
	}
	if (n != (uint64_t)st->val[0]) {
		snprintf(why, whylen, "line %u: map %s: expected %lld entr%s, found %llu%s", st->line, m->name, (long long)st->val[0],
			 st->val[0] == 1 ? "y" : "ies", (unsigned long long)n, array_map(m->type) ? " (an array's entries that are not zero)" : "");
		ret = 1;
	}
out:
	free(key);
	free(next);
	free(words);
	return ret;
}

static int check_return(struct backend *b, const struct step *st, char *why, size_t whylen)
{
	uint64_t r = b->last.retval;
	const char *name = ldr_verdict_name(b->p->type, r, b->last_len);
	size_t l = strlen(st->text);
	int64_t want;
	char got[80];

	if (name && !strncasecmp(name, st->text, l) && (!name[l] || name[l] == ' '))
		return 0; /* XDP_PASS, keep (all or part) */
	if (name && strrchr(name, '_') && !strcasecmp(strrchr(name, '_') + 1, st->text))
		return 0; /* pass, drop, shot */
	if (number(st->text, &want) && (uint32_t)want == (uint32_t)r)
		return 0;
	if (!name && (uint32_t)r > 9)
		snprintf(got, sizeof(got), "%lld (%#x)", (long long)(int32_t)r, (uint32_t)r);
	else
		snprintf(got, sizeof(got), "%lld", (long long)(int32_t)r);
	snprintf(why, whylen, "line %u: return: expected %s, got %s%s%s%s", st->line, st->text, got, name ? " (" : "", name ? name : "",
		 name ? ")" : "");
	return 1;
}

/* Run the program once in b; 1 with why when it could not run (the emulator stopped it). */
static int run_once(struct backend *b, const struct step *st, const struct step *steps, size_t upto, const uint8_t *ctx_bytes,
		    uint32_t ctx_bytes_len, char *why, size_t whylen)
{
	const struct ldr_run_kind *kind = ldr_run_kind(b->p->type);
	const char *sets[256];
	struct ldr_input_spec spec = {0};
	uint8_t *ctx = NULL, *mask = NULL;
	uint32_t ctx_len = 0;
	char err[1024];
	int ret;

	for (size_t k = 0; k < upto; k++)
		if (steps[k].kind == ST_CTX && spec.nctx_set < 256)
			sets[spec.nctx_set++] = steps[k].text;
	spec.ctx_set = sets;
	if (ctx_bytes) {
		if (!(ctx = malloc(ctx_bytes_len)))
			return -ENOMEM;
		memcpy(ctx, ctx_bytes, ctx_bytes_len);
		ctx_len = ctx_bytes_len;
	} else if ((ret = ldr_ctx_build(b->o, b->p, &spec, b->kernel, &ctx, &mask, &ctx_len, err, sizeof(err)))) {
		snprintf(why, whylen, "line %u: %s", st->line, err);
		return ret == -ENOMEM ? ret : 1;
	}
	if (!ctx && !kind->data && (ctx_len = ldr_ctx_size(b->o, b->p)) && !(ctx = calloc(1, ctx_len)))
		return -ENOMEM;
	if (ctx && b->p->type == BPF_PROG_TYPE_XDP && ctx_len >= sizeof(struct xdp_md)) {
		((struct xdp_md *)ctx)->data = 0;
		((struct xdp_md *)ctx)->data_end = st->len;
	}
	b->last_len = st->len;
	if (b->kernel) {
		ret = ldr_kernel_run_once(b->p, st->bytes, st->len, ctx, ctx_len, 0, &b->kout, &b->kout_cap, &b->last);
		if (ret && ret != -ENOMEM)
			snprintf(why, whylen, "line %u: the kernel refused to test-run the program: %s", st->line, strerror(-ret)), ret = 1;
	} else {
		ret = ldr_emu_run(b->emu, b->p, st->bytes, st->len, false, ctx, mask, ctx_len, &b->last, err, sizeof(err));
		if (ret && ret != -ENOMEM)
			snprintf(why, whylen, "line %u: the emulator stopped the program: %s", st->line, err), ret = 1;
	}
	b->ran = !ret;
	free(ctx);
	free(mask);
	return ret;
}

/* One vector in one back end: 0 passed, 1 failed (why says where), or a negative errno. */
static int run_vector(struct backend *b, const struct vector *v, const struct ldr_expect_options *opt, char *why, size_t whylen,
		      char *err, size_t errlen)
{
	int ret = 0;

	b->ran = false;
	if (b->kernel) {
		if ((ret = ldr_load(b->o, opt->load))) {
			say(err, errlen, "%s", ""); /* the object's log said why */
			return ret;
		}
	} else if ((ret = ldr_emu_open(b->o, &opt->emu, &b->emu, err, errlen))) {
		return ret;
	}
	for (size_t k = 0; !ret && k < v->n; k++) {
		const struct step *st = &v->steps[k];
		switch (st->kind) {
		case ST_PACKET:
		case ST_RUN:
			ret = run_once(b, st, v->steps, k, NULL, 0, why, whylen);
			break;
		case ST_CONTEXT:
			ret = run_once(b, st, v->steps, k, st->bytes, st->len, why, whylen);
			break;
		case ST_CTX:
			break;
		case ST_RETURN:
			ret = check_return(b, st, why, whylen);
			break;
		case ST_MAP:
			ret = check_map(b, st, why, whylen);
			break;
		case ST_ENTRIES:
			ret = check_entries(b, st, why, whylen);
			break;
		}
	}
	if (ret < 0 && !err[0])
		say(err, errlen, "vector %s: %s", v->name, strerror(-ret));
	if (b->kernel)
		ldr_unload(b->o);
	else
		ldr_emu_close(b->emu), b->emu = NULL;
	return ret;
}

static void json_result(FILE *f, const char *who, int r, const char *why)
{
	fprintf(f, ", \"%s\": ", who);
	if (!r) {
		fputs("\"pass\"", f);
		return;
	}
	fputs("{\"fail\": ", f);
	ldr_json_string(f, why, strlen(why));
	fputc('}', f);
}

int ldr_expect_run(struct ldr_expect *x, struct ldr_object *o, struct ldr_prog *p, const struct ldr_expect_options *opt,
		   unsigned long *failed, char *err, size_t errlen)
{
	struct backend be[2] = {{true, o, p, NULL, NULL, 0, {0}, 0, false}, {false, o, p, NULL, NULL, 0, {0}, 0, false}};
	const bool on[2] = {opt->kernel, opt->emulate};
	const char *where = opt->kernel && opt->emulate ? "in the kernel and in the emulator" : opt->kernel ? "in the kernel" : "in the emulator";
	FILE *f = opt->out;
	int ret = 0;

	*failed = 0;
	err[0] = '\0';
	if (!ldr_run_kind(p->type) || (opt->kernel && !ldr_run_kind(p->type)->kernel) ||
	    (opt->emulate && !ldr_run_kind(p->type)->emulated)) {
		say(err, errlen, "program '%s' is a %s program, which %s cannot run", p->name, ldr_prog_type_name(p->type),
		    opt->kernel && (!ldr_run_kind(p->type) || !ldr_run_kind(p->type)->kernel) ? "the kernel's test run" : "the emulator");
		return -EOPNOTSUPP;
	}
	if ((ret = fits(x, o, p, err, errlen)))
		return ret;
	if (!opt->json)
		fprintf(f, "%s: %zu vector%s for program '%s' (%s), %s\n", x->path, x->n, x->n == 1 ? "" : "s", p->name,
			ldr_prog_type_name(p->type), where);
	for (size_t i = 0; i < x->n; i++) {
		const struct vector *v = &x->v[i];
		char why[2][2048] = {"", ""};
		int r[2] = {0, 0};
		for (int k = 0; k < 2; k++) {
			if (!on[k])
				continue;
			r[k] = run_vector(&be[k], v, opt, why[k], sizeof(why[k]), err, errlen);
			if (r[k] < 0) {
				ret = r[k];
				goto out;
			}
		}
		*failed += r[0] || r[1];
		if (opt->json) {
			fprintf(f, "{\"vector\": %zu, \"line\": %u, \"name\": ", i + 1, v->line);
			ldr_json_string(f, v->name, strlen(v->name));
			for (int k = 0; k < 2; k++)
				if (on[k])
					json_result(f, k ? "emulator" : "kernel", r[k], why[k]);
			fputs("}\n", f);
			continue;
		}
		fprintf(f, "vector %zu, \"%s\" (line %u): ", i + 1, v->name, v->line);
		if (!r[0] && !r[1])
			fputs("pass\n", f);
		else if (on[0] && on[1] && r[0] != r[1])
			fprintf(f, "FAIL in the %s (the %s passes)\n  %s\n", r[0] ? "kernel" : "emulator", r[0] ? "emulator" : "kernel",
				why[r[0] ? 0 : 1]);
		else if (on[0] && on[1] && strcmp(why[0], why[1]))
			fprintf(f, "FAIL\n  the kernel: %s\n  the emulator: %s\n", why[0], why[1]);
		else
			fprintf(f, "FAIL\n  %s\n", why[r[0] ? 0 : 1]);
	}
	if (opt->json)
		fprintf(f, "{\"passed\": %lu, \"vectors\": %zu}\n", x->n - *failed, x->n);
	else
		fprintf(f, "%lu of %zu vector%s passed\n", x->n - *failed, x->n, x->n == 1 ? "" : "s");
out:
	free(be[0].kout);
	fflush(f);
	return ret;
}
