/*
 * writevbuf FD [MODE]: one writev(2) to FD (/dev/null dup'ed to that
 * number, as writebuf). MODE "3" (default): 3 iovecs "hello ", "tpc ",
 * "iovec\n"; "long": 3 iovecs of 200 'B's; "nine": 9 iovecs of one 'x'.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char big[200], x[] = "x";
	static char p0[] = "hello ", p1[] = "tpc ", p2[] = "iovec\n";
	struct iovec iov[9];
	const char *mode = argc > 2 ? argv[2] : "3";
	int fd, n, i;

	if (argc < 2) {
		fprintf(stderr, "usage: writevbuf FD [3|long|nine]\n");
		return 2;
	}
	fd = atoi(argv[1]);
	if (!strcmp(mode, "long")) {
		memset(big, 'B', sizeof(big));
		for (i = 0; i < 3; i++) {
			iov[i].iov_base = big;
			iov[i].iov_len = sizeof(big);
		}
		n = 3;
	} else if (!strcmp(mode, "nine")) {
		for (i = 0; i < 9; i++) {
			iov[i].iov_base = x;
			iov[i].iov_len = 1;
		}
		n = 9;
	} else {
		iov[0].iov_base = p0;
		iov[0].iov_len = strlen(p0);
		iov[1].iov_base = p1;
		iov[1].iov_len = strlen(p1);
		iov[2].iov_base = p2;
		iov[2].iov_len = strlen(p2);
		n = 3;
	}
	if (dup2(open("/dev/null", O_WRONLY), fd) < 0)
		perror("dup2");
	if (writev(fd, iov, n) < 0)
		perror("writev");
	return 0;
}
