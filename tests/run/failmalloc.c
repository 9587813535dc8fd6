/* failmalloc.c: an LD_PRELOAD library that lets the first FAILMALLOC_AFTER allocations
 * (malloc, calloc, realloc) of a process succeed and fails every one after, as a machine
 * out of memory would: for testing the out-of-memory paths of bpfas. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static long budget = -1; /* -1: not read yet */
static char early[1 << 16]; /* dlsym may allocate before real_calloc is known */
static size_t early_used;

static bool spend(void)
{
	if (budget == -1) {
		const char *e = getenv("FAILMALLOC_AFTER");
		budget = e ? atol(e) : -2;
	}
	if (budget == -2)
		return true; /* unset: never fail */
	if (budget == 0) {
		errno = ENOMEM;
		return false;
	}
	budget--;
	return true;
}

void *malloc(size_t n)
{
	if (!real_malloc)
		real_malloc = dlsym(RTLD_NEXT, "malloc");
	return spend() ? real_malloc(n) : NULL;
}

void *calloc(size_t n, size_t m)
{
	static bool resolving;

	if (!real_calloc) {
		if (resolving) { /* dlsym itself asks for memory: from the static block */
			void *p = early + early_used;
			if (early_used + n * m + 16 > sizeof(early))
				return NULL;
			early_used += (n * m + 15) & ~(size_t)15;
			return p;
		}
		resolving = true;
		real_calloc = dlsym(RTLD_NEXT, "calloc");
		resolving = false;
	}
	return spend() ? real_calloc(n, m) : NULL;
}

void *realloc(void *p, size_t n)
{
	if (!real_realloc)
		real_realloc = dlsym(RTLD_NEXT, "realloc");
	return spend() ? real_realloc(p, n) : NULL;
}

void free(void *p)
{
	static void (*real_free)(void *);
	if ((char *)p >= early && (char *)p < early + sizeof(early))
		return;
	if (!real_free)
		real_free = dlsym(RTLD_NEXT, "free");
	real_free(p);
}
