/*
 * dupper: call dup(0), openat("/dev/null") and getppid() through syscall()
 * and print what they returned, e.g. "dup=-1 errno=1 open=ok getppid=ok";
 * exit 0 whatever they return (the case reads the output, or the exit status
 * of a killed run).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long fd, of, pp;
	int err, oerr;

	errno = 0;
	fd = syscall(SYS_dup, 0);
	err = errno;
	errno = 0;
	of = syscall(SYS_openat, AT_FDCWD, "/dev/null", O_RDONLY);
	oerr = errno;
	pp = syscall(SYS_getppid);
	if (of < 0)
		printf("dup=%d errno=%d open=-1 errno=%d", fd < 0 ? -1 : 0, fd < 0 ? err : 0, oerr);
	else
		printf("dup=%d errno=%d open=ok", fd < 0 ? -1 : 0, fd < 0 ? err : 0);
	printf(" getppid=%s\n", pp > 0 ? "ok" : "failed");
	return 0;
}
