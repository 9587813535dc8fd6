/* buf.c: growing arrays and byte buffers, for the context and the diagnostics alike
 * (a leaf: it calls nothing of the assembler). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"

int asm_grow(void **ptr, size_t *cap, size_t elem, size_t need)
{
	size_t ncap = *cap ? *cap : 16;
	void *p;

	while (ncap < need)
		ncap *= 2;
	p = realloc(*ptr, ncap * elem);
	if (!p)
		return -ENOMEM;
	*ptr = p;
	*cap = ncap;
	return 0;
}

int asm_buf_append(struct asm_buf *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		size_t ncap = b->cap ? b->cap * 2 : 256;
		uint8_t *n;
		while (ncap < b->len + len)
			ncap *= 2;
		n = realloc(b->p, ncap);
		if (!n)
			return -ENOMEM;
		b->p = n;
		b->cap = ncap;
	}
	if (p)
		memcpy(b->p + b->len, p, len);
	else
		memset(b->p + b->len, 0, len);
	b->len += len;
	return 0;
}
