/*
 * lseek FD: call lseek(FD, 0, SEEK_SET) and print the result.
 * FD may be invalid (-1, -2) on purpose; the case redirects a valid one,
 * e.g. `lseek 3 3</dev/null`. Exit 0 whatever lseek returns: the test is
 * whether the process survives, not whether the seek worked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int fd;
	off_t r;

	if (argc != 2) {
		fprintf(stderr, "usage: lseek FD\n");
		return 2;
	}
	fd = atoi(argv[1]);
	r = lseek(fd, 0, SEEK_SET);
	if (r < 0)
		printf("lseek(%d) = -1 (%s)\n", fd, strerror(errno));
	else
		printf("lseek(%d) = %lld\n", fd, (long long)r);
	return 0;
}
