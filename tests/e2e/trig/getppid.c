/*
 * getppid: call getppid() once (through syscall(), so no libc cache can skip
 * the kernel) and print the result.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	printf("getppid() = %ld\n", syscall(SYS_getppid));
	return 0;
}
