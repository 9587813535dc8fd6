/* For test_gnu.sh, built with -mxbpf: an indirect call, which GCC writes `call %rN`
 * (bpfas's callx), and -O0's stack traffic. */
typedef int (*op_fn)(int, int);
int add(int a, int b) { return a + b; }
int sub(int a, int b) { return a - b; }
int apply(int which, int a, int b)
{
	op_fn f = which ? sub : add;
	return f(a, b) * 2;
}
