/*
 * lseekchg [OP...] FD...: change credentials or namespaces after exec, then
 * call lseek(FD, 0, SEEK_SET) for each FD in turn and print the results, for
 * matchCapabilityChanges and matchNamespaceChanges. OPs, done in order:
 *   drop:N   clear capability N from the effective set (capset)
 *   net, uts, user   unshare(CLONE_NEWNET / CLONE_NEWUTS / CLONE_NEWUSER)
 * Exit 0 whatever lseek returns (the test is whether the process survives),
 * 1 when an OP fails.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

static int drop(int cap)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[cap / 32].effective &= ~(1u << (cap % 32));
	return (int)syscall(SYS_capset, &hdr, data);
}

int main(int argc, char **argv)
{
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: lseekchg [drop:N|net|uts|user]... FD...\n");
		return 2;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int err = 0;

		if (!strncmp(a, "drop:", 5))
			err = drop(atoi(a + 5));
		else if (!strcmp(a, "net"))
			err = unshare(CLONE_NEWNET);
		else if (!strcmp(a, "uts"))
			err = unshare(CLONE_NEWUTS);
		else if (!strcmp(a, "user"))
			err = unshare(CLONE_NEWUSER);
		else {
			int fd = atoi(a);
			off_t r = lseek(fd, 0, SEEK_SET);

			if (r < 0)
				printf("lseek(%d) = -1 (%s)\n", fd, strerror(errno));
			else
				printf("lseek(%d) = %lld\n", fd, (long long)r);
			fflush(stdout);
			continue;
		}
		if (err) {
			fprintf(stderr, "lseekchg: %s: %s\n", a, strerror(errno));
			return 1;
		}
		printf("%s done\n", a);
		fflush(stdout);
	}
	return 0;
}
