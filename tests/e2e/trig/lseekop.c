/*
 * lseekop FD...: lseek(FD, 4242, SEEK_SET) for each FD. The offset 4242 is
 * the marker the operator policies (tests/e2e/policies/int-*.yaml) also
 * require, so that other processes' lseeks never match them.
 */
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		lseek(atoi(argv[i]), 4242, SEEK_SET);
	return 0;
}
