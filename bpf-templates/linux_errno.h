/* SPDX-License-Identifier: Apache-2.0 */
/*
 * /tpc/include/linux/errno.h: the few errno values libbpf's usdt.bpf.h
 * returns (tpc compiles with -nostdinc, without the kernel's uapi headers).
 */
#ifndef _LINUX_ERRNO_H
#define _LINUX_ERRNO_H

#define ENOENT	2
#define ESRCH	3
#define E2BIG	7
#define EFAULT	14
#define EINVAL	22

#endif /* _LINUX_ERRNO_H */
