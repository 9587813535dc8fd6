/* corrupt.c: writes a copy of a BPF object with one thing broken, located with <elf.h>:
 *   corrupt IN OUT truncate|reloc-offset|reloc-symbol|section-size */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Elf64_Shdr *shdr(unsigned char *b, size_t i)
{
	return (Elf64_Shdr *)(b + ((Elf64_Ehdr *)b)->e_shoff) + i;
}

static size_t find(unsigned char *b, unsigned type)
{
	for (size_t i = 1; i < ((Elf64_Ehdr *)b)->e_shnum; i++)
		if (shdr(b, i)->sh_type == type)
			return i;
	fprintf(stderr, "corrupt: no section of type %u\n", type);
	exit(2);
}

int main(int argc, char **argv)
{
	FILE *f;
	unsigned char *b;
	long n;
	Elf64_Rel *rel;

	if (argc != 4 || !(f = fopen(argv[1], "rb")))
		return 2;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n);
	if (!b || fread(b, 1, (size_t)n, f) != (size_t)n)
		return 2;
	fclose(f);
	rel = (Elf64_Rel *)(b + shdr(b, find(b, SHT_REL))->sh_offset);
	if (!strcmp(argv[3], "truncate"))
		n = n / 2;
	else if (!strcmp(argv[3], "reloc-offset"))
		rel->r_offset = shdr(b, shdr(b, find(b, SHT_REL))->sh_info)->sh_size + 64;
	else if (!strcmp(argv[3], "reloc-symbol"))
		rel->r_info = ELF64_R_INFO(77, ELF64_R_TYPE(rel->r_info));
	else if (!strcmp(argv[3], "section-size"))
		shdr(b, shdr(b, find(b, SHT_REL))->sh_info)->sh_size = (Elf64_Xword)n * 4;
	else
		return 2;
	f = fopen(argv[2], "wb");
	if (!f || fwrite(b, 1, (size_t)n, f) != (size_t)n)
		return 2;
	fclose(f);
	free(b);
	return 0;
}
