/* openpaths PATH...: openat(AT_FDCWD, PATH, O_RDONLY) for each PATH, errors ignored. */
#include <fcntl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i, fd;

	for (i = 1; i < argc; i++) {
		fd = openat(AT_FDCWD, argv[i], O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
	return 0;
}
