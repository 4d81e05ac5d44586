// SPDX-License-Identifier: Apache-2.0
/*
 * usdt_set N: fire the USDT probe tpc:test_4B(a, b, c) with a = N, then print
 * a. The arguments are memory operands ("-4@8(%rsp)"), as in Tetragon's
 * usdt-override tester, so action Set can write a before it is printed.
 */
#define STAP_SDT_ARG_CONSTRAINT m
#include <stdio.h>
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	volatile int a = argc > 1 ? atoi(argv[1]) : 0, b = 2, c = 3;

	DTRACE_PROBE3(tpc, test_4B, a, b, c);
	printf("a=%d\n", a);
	return 0;
}
