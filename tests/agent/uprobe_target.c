// SPDX-License-Identifier: Apache-2.0
/* The binary the uprobe fixture attaches to: calls tpc_test_fn(argv[1]) once. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) int tpc_test_fn(int x)
{
	__asm__ volatile("" : : "r"(x) : "memory");	/* keep the call and the argument */
	return x * 2 + 1;
}

int main(int argc, char **argv)
{
	printf("%d\n", tpc_test_fn(argc > 1 ? atoi(argv[1]) : 0));
	return 0;
}
