/*
 * readbuf FD FILE N [v]: read(2) up to N bytes of FILE, opened and dup'ed
 * to FD (POSIX sh redirects fds 0-9 only, so a selector on a high fd number
 * matches this trigger only), into a buffer filled with 'X' beforehand: a
 * copy of the buffer made at entry shows X's, one made at return the data.
 * With "v": readv(2) into three iovecs of 4, 4 and N - 8 bytes (N >= 8).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[4096];
	size_t n;
	ssize_t got;
	int fd;

	if (argc < 4) {
		fprintf(stderr, "usage: readbuf FD FILE N\n");
		return 2;
	}
	fd = atoi(argv[1]);
	n = strtoul(argv[3], NULL, 0);
	if (n > sizeof(buf))
		n = sizeof(buf);
	memset(buf, 'X', sizeof(buf));
	if (dup2(open(argv[2], O_RDONLY), fd) < 0) {
		perror("dup2");
		return 1;
	}
	if (argc > 4 && !strcmp(argv[4], "v")) {
		static char a[4], b[4];
		struct iovec iov[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { buf, n < 8 ? 0 : n - 8 } };

		memset(a, 'X', sizeof(a));
		memset(b, 'X', sizeof(b));
		got = readv(fd, iov, 3);
	} else {
		got = read(fd, buf, n);
	}
	printf("%zd\n", got);
	return 0;
}
