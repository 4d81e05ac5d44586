/*
 * writebuf FD N [BYTE]: write N bytes to FD in one write(2): "hello tpc\n"
 * when N is 10, else N copies of BYTE (default 'A'). FD is /dev/null,
 * dup'ed to that number here (POSIX sh redirects fds 0-9 only), so a
 * selector on a high fd number matches this trigger only.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	size_t n;
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: writebuf FD N [BYTE]\n");
		return 2;
	}
	fd = atoi(argv[1]);
	n = strtoul(argv[2], NULL, 0);
	if (n > sizeof(buf))
		n = sizeof(buf);
	if (n == 10)
		memcpy(buf, "hello tpc\n", 10);
	else
		memset(buf, argc > 3 ? argv[3][0] : 'A', n);
	if (dup2(open("/dev/null", O_WRONLY), fd) < 0)
		perror("dup2");
	if (write(fd, buf, n) < 0)
		perror("write");
	return 0;
}
