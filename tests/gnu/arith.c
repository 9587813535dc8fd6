/* For test_gnu.sh: arithmetic of every width, signed and unsigned, shifts, and a 64-bit constant. */
long long f64(long long a, long long b, unsigned long long c)
{
	long long r = a * b + (a / (b | 1)) - (a % 7);
	r ^= (long long)(c >> 3) | (c << 5);
	r += (a >> 9) & 0xff00ff;
	return r - (long long)(c / 3) + (long long)(c % 11) + (-a);
}
int f32(int a, int b, unsigned c)
{
	int r = a * b + (a / (b | 1)) - (a % 7);
	r ^= (int)(c >> 3) | (c << 5);
	r += (a >> 9) & 0xff00ff;
	if (a < b && (unsigned)a > c)
		return r;
	return r - (int)(c / 3) + (int)(c % 11) + (-a) + (short)b + (signed char)c;
}
unsigned long long big(void) { return 0x1122334455667788ULL; }
