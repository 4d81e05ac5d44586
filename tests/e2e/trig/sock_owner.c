/*
 * sock_owner: a TCP socket allocated by one process and closed by another.
 * Listen on 127.0.0.1 (kernel-chosen port), connect, accept; fork a child
 * that keeps the connected socket across exec("/bin/sh -c 'sleep 1'"),
 * close it in the parent, so the socket's last close (tcp_close) runs in the
 * child's shell when it exits, not in the process that allocated it. Prints
 * "parent=P child=C sport=S dport=D" (the connecting socket's ports) before
 * the child's sleep starts.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, c;
	socklen_t len = sizeof(a);
	int l, s, x, status;
	pid_t child;

	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0 || bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len)) {
		perror("listen");
		return 1;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&a, sizeof(a))) {
		perror("connect");
		return 1;
	}
	len = sizeof(c);
	if (getsockname(s, (struct sockaddr *)&c, &len)) {
		perror("getsockname");
		return 1;
	}
	x = accept(l, NULL, NULL);
	child = fork();
	if (child < 0) {
		perror("fork");
		return 1;
	}
	if (!child) {
		close(x);
		close(l);
		execl("/bin/sh", "sh", "-c", "sleep 1", (char *)NULL);
		perror("exec /bin/sh");
		_exit(127);
	}
	printf("parent=%d child=%d sport=%d dport=%d\n", (int)getpid(), (int)child, ntohs(c.sin_port),
	       ntohs(a.sin_port));
	fflush(stdout);
	close(s);
	if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(stderr, "child failed\n");
		return 1;
	}
	close(x);
	close(l);
	return 0;
}
