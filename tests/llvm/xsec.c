/* xsec.c: calls across sections and within one, to static and to global functions: llvm-mc
 * relocates a call to a static function in another section against that section (the
 * offset in the instruction), keeps a relocation for a global function even in the same
 * section, and resolves a static one there; bpfas must do the same. */
#include <linux/bpf.h>

#define SEC(name) __attribute__((section(name), used))
#define NOINLINE __attribute__((noinline))

static NOINLINE int twice(int x)
{
	return x * 2;
}

NOINLINE int thrice(int x)
{
	return x * 3;
}

static NOINLINE SEC("socket") int halve(int x)
{
	return x / 2;
}

NOINLINE SEC("socket") int quarter(int x)
{
	return x / 4;
}

SEC("socket") int prog(struct __sk_buff *skb)
{
	int n = (int)skb->len;

	return twice(n) + thrice(n) + halve(n) + quarter(n);
}

char _license[] SEC("license") = "GPL";
