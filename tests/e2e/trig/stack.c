/*
 * stack FD [N [SECS]]: N times (default 1) lseek(FD, 0, SEEK_SET) issued from tpc_stack_marker()
 * itself (a raw syscall instruction, so the user stack's first frame is in
 * that function), then stay alive SECS seconds (default 1) so the agent can
 * read /proc/PID/maps while it symbolizes the event's user stack (a test
 * that must not depend on the agent's speed kills it once the event is out).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <sys/syscall.h>

__attribute__((noinline, optimize("no-omit-frame-pointer"))) long tpc_stack_marker(long fd)
{
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "0"((long)SYS_lseek), "D"(fd), "S"(0L), "d"((long)SEEK_SET)
			 : "rcx", "r11", "memory");
	return ret;
}

int main(int argc, char **argv)
{
	long r = 0;
	int i, n;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: stack FD [N [SECS]]\n");
		return 2;
	}
	n = argc >= 3 ? atoi(argv[2]) : 1;
	for (i = 0; i < n; i++)
		r = tpc_stack_marker(atol(argv[1]));
	printf("lseek(%s) = %ld\n", argv[1], r);
	fflush(stdout);
	sleep(argc == 4 ? (unsigned int)atoi(argv[3]) : 1);
	return 0;
}
