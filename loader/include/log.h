/* log.h: how the loader library speaks. Every message goes through one callback that the
 * caller chooses (bpfload: standard error; tests: a buffer), with "bpfload: " put in front
 * once, here; library code returns negative errnos and never decides an exit status. */
#ifndef BPFLOAD_LOG_H
#define BPFLOAD_LOG_H

enum ldr_level {
	LDR_WARN, /* what went wrong */
	LDR_INFO, /* notes (-v) */
	LDR_MORE, /* the rest of the message before: detail lines, a log's tail */
};

typedef void ldr_print_fn(void *arg, enum ldr_level level, const char *text);

struct ldr_log {
	ldr_print_fn *fn; /* NULL: standard error */
	void *arg;
};

/* A message: "bpfload: " and the text (which ends with its newline). */
void ldr_logf(const struct ldr_log *log, enum ldr_level level, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* More of the message before, as it is. */
void ldr_logc(const struct ldr_log *log, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For an error of -EMFILE or -ENFILE: a sentence (starting with a space) saying that
 * descriptors ran out and what the limit is, to put after strerror(); "" otherwise. */
const char *ldr_fd_hint(int err);

#endif
