/*
 * ptywrite: open a pseudo-terminal pair, write "hello tpc tty\n" to the
 * slave and N (default 300) bytes 'B' to the master, each in one write(2),
 * both through tty_write. Prints the slave's path. Needs devpts on /dev/pts.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static const char hello[] = "hello tpc tty\n";
	static char buf[4096];
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 0) : 300;
	const char *name;
	int m, s;

	if (n > sizeof(buf))
		n = sizeof(buf);
	m = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m))) {
		perror("ptmx");
		return 1;
	}
	s = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
	if (s < 0) {
		perror(name);
		return 1;
	}
	printf("%s\n", name);
	fflush(stdout);
	if (write(s, hello, sizeof(hello) - 1) != (ssize_t)sizeof(hello) - 1) {
		perror("write slave");
		return 1;
	}
	memset(buf, 'B', n);
	if (write(m, buf, n) != (ssize_t)n) {
		perror("write master");
		return 1;
	}
	close(s);
	close(m);
	return 0;
}
