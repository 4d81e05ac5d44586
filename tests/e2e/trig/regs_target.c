/*
 * regs_target N STR: calls tpc_regs_fn(N, STR), whose registers (rdi, rsi)
 * a uprobe policy reads as 'data' with source pt_regs, then prints
 * "survived N".
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) long tpc_regs_fn(long a, const char *s)
{
	__asm__ volatile("" : : "r"(a), "r"(s) : "memory");	/* keep the call and its arguments */
	return a;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 0;

	tpc_regs_fn(n, argc > 2 ? argv[2] : "");
	printf("survived %ld\n", n);
	return 0;
}
