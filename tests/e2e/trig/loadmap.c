// SPDX-License-Identifier: Apache-2.0
/*
 * loadmap id: print this executable's GNU build id as base64 (as Tetragon's
 * JSON shows process_loader.buildid), read from its own ELF notes.
 * loadmap map FILE: map FILE's first page PROT_READ|PROT_EXEC, then exit.
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int print_build_id(void)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	static unsigned char buf[1 << 16];
	const Elf64_Ehdr *eh = (const void *)buf;
	ssize_t n;
	int fd, i;

	fd = open("/proc/self/exe", O_RDONLY);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf))) < (ssize_t)sizeof(*eh))
		return 1;
	for (i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const void *)(buf + eh->e_phoff + (size_t)i * eh->e_phentsize);
		size_t off = ph->p_offset, end = ph->p_offset + ph->p_filesz;

		if ((unsigned char *)(ph + 1) > buf + n || ph->p_type != PT_NOTE || end > (size_t)n)
			continue;
		while (off + sizeof(Elf64_Nhdr) <= end) {
			const Elf64_Nhdr *nh = (const void *)(buf + off);
			const unsigned char *desc = buf + off + sizeof(*nh) + ((nh->n_namesz + 3) & ~3u);
			unsigned j, v;

			if (nh->n_type == NT_GNU_BUILD_ID && nh->n_namesz == 4 &&
			    !memcmp(buf + off + sizeof(*nh), "GNU", 4)) {
				for (j = 0; j < nh->n_descsz; j += 3) {
					v = (unsigned)desc[j] << 16;
					v |= j + 1 < nh->n_descsz ? (unsigned)desc[j + 1] << 8 : 0;
					v |= j + 2 < nh->n_descsz ? desc[j + 2] : 0;
					putchar(b64[v >> 18 & 63]);
					putchar(b64[v >> 12 & 63]);
					putchar(j + 1 < nh->n_descsz ? b64[v >> 6 & 63] : '=');
					putchar(j + 2 < nh->n_descsz ? b64[v & 63] : '=');
				}
				putchar('\n');
				return 0;
			}
			off += sizeof(*nh) + ((nh->n_namesz + 3) & ~3u) + ((nh->n_descsz + 3) & ~3u);
		}
	}
	return 1;
}

int main(int argc, char **argv)
{
	void *p;
	int fd;

	if (argc == 2 && !strcmp(argv[1], "id"))
		return print_build_id();
	if (argc != 3 || strcmp(argv[1], "map"))
		return 2;
	fd = open(argv[2], O_RDONLY);
	if (fd < 0)
		return 1;
	p = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE, fd, 0);
	if (p == MAP_FAILED)
		return 1;
	munmap(p, 4096);
	return 0;
}
