/* log.c: the loader's messages through the caller's callback. */
#include "log.h"

#include <stdarg.h>
#include <stdio.h>

static void emit(const struct ldr_log *log, enum ldr_level level, const char *text)
{
	if (log && log->fn)
		log->fn(log->arg, level, text);
	else
		fputs(text, stderr);
}

void ldr_logf(const struct ldr_log *log, enum ldr_level level, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;
	int n = snprintf(buf, sizeof(buf), "bpfload: ");

	va_start(ap, fmt);
	vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	emit(log, level, buf);
}

void ldr_logc(const struct ldr_log *log, const char *fmt, ...)
{
	char buf[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	emit(log, LDR_MORE, buf);
}
