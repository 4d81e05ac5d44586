/*
 * uprobe_retstr N: calls tpc_ret_str(N), which returns "command N" for
 * N > 0 and NULL otherwise (as readline at end of input), and prints it.
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) const char *tpc_ret_str(int n)
{
	static char buf[64];

	__asm__ volatile("" : : "r"(n) : "memory");	/* keep the call */
	if (n <= 0)
		return NULL;
	snprintf(buf, sizeof(buf), "command %d", n);
	return buf;
}

int main(int argc, char **argv)
{
	const char *s = tpc_ret_str(argc > 1 ? atoi(argv[1]) : 0);

	printf("%s\n", s ? s : "(null)");
	return 0;
}
