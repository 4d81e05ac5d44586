/*
 * uprobe_fill TAG N: calls tpc_fill(buf, TAG, N) on a buffer filled with
 * 'X' beforehand; tpc_fill writes the first N bytes of "hello uprobe, bye"
 * into it and returns N, which is printed. A copy of the buffer made at
 * entry shows X's, one made at return (returnCopy) the N bytes written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((noinline)) long tpc_fill(char *buf, int tag, long n)
{
	static const char msg[] = "hello uprobe, bye";

	if (n < 0 || n > (long)sizeof(msg) - 1)
		n = sizeof(msg) - 1;
	memcpy(buf, msg, (size_t)n);
	__asm__ volatile("" : : "r"(buf), "r"(tag) : "memory");	/* keep the call and its arguments */
	return n;
}

int main(int argc, char **argv)
{
	static char buf[64];
	int tag = argc > 1 ? atoi(argv[1]) : 0;
	long n = argc > 2 ? strtol(argv[2], NULL, 0) : 0;

	memset(buf, 'X', sizeof(buf));
	printf("%ld\n", tpc_fill(buf, tag, n));
	return 0;
}
