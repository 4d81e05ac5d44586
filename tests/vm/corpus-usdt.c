// SPDX-License-Identifier: Apache-2.0
/*
 * The USDT probes Tetragon's example policies name (usdt.yaml: test:usdt3;
 * usdt-set.yaml: tetragon:test_4B), so that tests/vm/run.sh --load can put a
 * binary at the paths those policies give and the objects attach there.
 * Never run by the tests: only its ELF notes matter.
 */
#include <sys/sdt.h>

int main(int argc, char **argv)
{
	volatile int a = argc, c = 3;
	volatile long b = 2;

	(void)argv;
	DTRACE_PROBE2(test, usdt3, a, b);
	DTRACE_PROBE3(tetragon, test_4B, a, c, c);
	return 0;
}
