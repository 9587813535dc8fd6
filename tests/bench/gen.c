/* gen.c: writes an N-slot BPF assembly file that both bpfas and llvm-mc read (the last
 * slot its exit; at the default N, exactly as many as the kernel loads in one program):
 * a deterministic mix of ALU, loads, stores, 64-bit immediates, conditional jumps to
 * nearby labels, helper calls and atomics, as compilers emit them.
 *   bench_gen [N [SECTION]]   (SECTION: .text by default; `socket` makes a program bpfload loads) */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000000;
	unsigned seed = 42;
	long label = 0;

	if (argc > 2)
		printf("\t.section\t%s,\"ax\",@progbits\n", argv[2]);
	else
		printf("\t.text\n");
	printf("\t.globl\tbench\n\t.type\tbench,@function\nbench:\n");
	for (long i = 0; i < n - 1; i++) {
		unsigned r = (seed = seed * 1103515245u + 12345u) >> 8;
		unsigned d = r % 10, s = (r >> 4) % 10, k = (r >> 8) % 4096;

		if (i % 16 == 0)
			printf("LBB0_%ld:\n", label++);
		switch ((r >> 20) % 16) {
		case 0: printf("\tr%u = r%u\n", d, s); break;
		case 1: printf("\tr%u += %u\n", d, k); break;
		case 2: printf("\tw%u = w%u\n", d, s); break;
		case 3: printf("\tr%u = *(u64 *)(r10 - %u)\n", d, 8 + 8 * (k % 64)); break;
		case 4: printf("\t*(u32 *)(r10 - %u) = w%u\n", 4 + 4 * (k % 64), s); break;
		case 5: printf("\tif r%u > %u goto LBB0_%ld\n", d, k, label + (long)(k % 3)); break;
		case 6: printf("\tw%u <<= %u\n", d, k % 32); break;
		case 7: printf("\tr%u = %u\n", d, k); break;
		case 8: printf("\tif w%u == w%u goto LBB0_%ld\n", d, s, label > 2 ? label - 2 : label); break;
		case 9: printf("\tr%u = *(u8 *)(r%u + %u)\n", d, s, k % 256); break;
		case 10: printf("\tcall %u\n", 1 + k % 100); break;
		case 11:
			if (i + 1 < n - 1) { /* two slots */
				printf("\tr%u = 0x%x%08x ll\n", d, k, r);
				i++;
			} else
				printf("\tr%u = %u\n", d, k);
			break;
		case 12: printf("\tlock *(u64 *)(r10 - %u) += r%u\n", 8 + 8 * (k % 8), s); break;
		case 13: printf("\tr%u s>>= %u\n", d, k % 64); break;
		case 14: printf("\t*(u64 *)(r%u + %u) = r%u\n", d, k % 512, s); break;
		default: printf("\tw%u ^= %u\n", d, k); break;
		}
	}
	printf("LBB0_%ld:\nLBB0_%ld:\nLBB0_%ld:\n\texit\n", label, label + 1, label + 2);
	return 0;
}
