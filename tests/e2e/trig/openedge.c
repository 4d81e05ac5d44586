// SPDX-License-Identifier: Apache-2.0
/*
 * openedge PATH: open PATH with the string placed so that its NUL is the last
 * byte of a readable page and the next page is PROT_NONE. A fixed-size read
 * longer than the string then faults where a string read does not (the
 * prefix gate of cgen_gate.c must let such a call through).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long pg = sysconf(_SC_PAGESIZE);
	size_t n;
	char *m, *p;
	int fd;

	if (argc != 2 || (n = strlen(argv[1]) + 1) > (size_t)pg) {
		fprintf(stderr, "usage: openedge PATH\n");
		return 2;
	}
	m = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED || mprotect(m + pg, pg, PROT_NONE)) {
		perror("mmap");
		return 1;
	}
	p = m + pg - n;
	memcpy(p, argv[1], n);
	fd = open(p, O_RDONLY);
	printf("open(%s) = %d\n", p, fd);
	return 0;
}
