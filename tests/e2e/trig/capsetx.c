/*
 * capsetx: two capset(2) calls as root: first the sets unchanged (the
 * effective set equal to the permitted one), then the effective set without
 * CAP_SYS_ADMIN (still permitted). Prints what it did.
 */
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3, .pid = 0 };
	struct __user_cap_data_struct data[2];

	if (syscall(SYS_capget, &hdr, data)) {
		perror("capget");
		return 1;
	}
	data[0].effective = data[0].permitted;
	data[1].effective = data[1].permitted;
	if (syscall(SYS_capset, &hdr, data)) {
		perror("capset");
		return 1;
	}
	data[0].effective &= ~(1u << CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &hdr, data)) {
		perror("capset");
		return 1;
	}
	printf("capset unchanged, capset without CAP_SYS_ADMIN\n");
	return 0;
}
