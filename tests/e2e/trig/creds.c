/*
 * creds: change credentials in known ways, for the cred and capability
 * argument types. As root: drop CAP_SYS_ADMIN from the effective set
 * (capset), then setresgid(2001, 2002, 2003) and setresuid(1001, 1002, 1003)
 * (commit_creds; CAP_SETGID/CAP_SETUID checks). Prints what it did.
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
	data[0].effective &= ~(1u << CAP_SYS_ADMIN);
	if (syscall(SYS_capset, &hdr, data)) {
		perror("capset");
		return 1;
	}
	if (setresgid(2001, 2002, 2003) || setresuid(1001, 1002, 1003)) {
		perror("setres[ug]id");
		return 1;
	}
	printf("capset, setresgid(2001, 2002, 2003), setresuid(1001, 1002, 1003)\n");
	return 0;
}
