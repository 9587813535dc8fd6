/* log.c: the loader's messages through the caller's callback. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static void emit(const struct ldr_log *log, enum ldr_level level, const char *text)
{
	if (log && log->fn)
		log->fn(log->arg, level, text);
	else
		fputs(text, stderr);
}

/* prefix and the formatted text, however long (a whole verifier log with -v) */
static void format_and_emit(const struct ldr_log *log, enum ldr_level level, const char *prefix, const char *fmt,
			    va_list ap) __attribute__((format(printf, 4, 0)));
static void format_and_emit(const struct ldr_log *log, enum ldr_level level, const char *prefix, const char *fmt,
			    va_list ap)
{
	char small[1024], *buf = small;
	va_list again;
	int n, k = snprintf(small, sizeof(small), "%s", prefix);

	va_copy(again, ap);
	n = vsnprintf(small + k, sizeof(small) - (size_t)k, fmt, ap);
	if (n >= 0 && (size_t)(n + k) >= sizeof(small) && (buf = malloc((size_t)n + (size_t)k + 1))) {
		snprintf(buf, (size_t)k + 1, "%s", prefix);
		vsnprintf(buf + k, (size_t)n + 1, fmt, again);
	} else if (!buf)
		buf = small; /* out of memory: the message cut short */
	va_end(again);
	emit(log, level, buf);
	if (buf != small)
		free(buf);
}

void ldr_logf(const struct ldr_log *log, enum ldr_level level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_and_emit(log, level, "bpfload: ", fmt, ap);
	va_end(ap);
}

void ldr_logc(const struct ldr_log *log, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	format_and_emit(log, LDR_MORE, "", fmt, ap);
	va_end(ap);
}

const char *ldr_fd_hint(int err)
{
	static char hint[160];
	struct rlimit rl;

	if (err == -ENFILE)
		return " (the whole system has run out of file descriptors: fs.file-max)";
	if (err != -EMFILE)
		return "";
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		snprintf(hint, sizeof(hint), " (bpfload has used up its %llu file descriptors, the limit `ulimit -n` shows; "
			 "raise it)", (unsigned long long)rl.rlim_cur);
	else
		snprintf(hint, sizeof(hint), " (bpfload has used up its file descriptors; raise `ulimit -n`)");
	return hint;
}
