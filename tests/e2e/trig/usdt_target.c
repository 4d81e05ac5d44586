// SPDX-License-Identifier: Apache-2.0
/* usdt_target N: fire the USDT probe tpc:probe1 with the int argument N. */
#include <stdlib.h>
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	int v = argc > 1 ? atoi(argv[1]) : 0;

	DTRACE_PROBE1(tpc, probe1, v);
	return 0;
}
