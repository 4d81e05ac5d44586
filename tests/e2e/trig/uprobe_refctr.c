/*
 * uprobe_refctr N: reads its USDT-style semaphore (a reference counter the
 * kernel increments while a uprobe with refCtrOffsets is attached), calls
 * tpc_refctr_fn(N, semaphore), a function a uprobe policy attaches to by
 * symbol, then prints "sema <value>".
 */
#include <stdio.h>
#include <stdlib.h>

/* as <sys/sdt.h> declares a semaphore: 16 bits in a writable ".probes" section */
volatile unsigned short tpc_refctr_sema __attribute__((section(".probes")));

__attribute__((noinline)) int tpc_refctr_fn(int x, int sema)
{
	__asm__ volatile("" : : "r"(x), "r"(sema) : "memory");	/* keep the call and its arguments */
	return x + 1;
}

int main(int argc, char **argv)
{
	int n = argc > 1 ? atoi(argv[1]) : 0;
	unsigned sema = tpc_refctr_sema;

	tpc_refctr_fn(n, (int)sema);
	printf("sema %u\n", sema);
	return 0;
}
