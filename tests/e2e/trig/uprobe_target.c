/*
 * uprobe_target N: calls tpc_uprobe_fn(N), a function a uprobe policy
 * attaches to by symbol, then prints "survived N".
 */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int tpc_uprobe_fn(int x)
{
	__asm__ volatile("" : : "r"(x) : "memory");	/* keep the call and its argument */
	return x + 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;

	tpc_uprobe_fn(n);
	printf("survived %d\n", n);
	return 0;
}
