/*
 * tcp_pair: listen on 127.0.0.1 (kernel-chosen port), connect to it, accept,
 * close both ends, and print "sport=N dport=M" for the connecting socket, so
 * a case can check the addresses and ports a tcp_connect event reports.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET }, c;
	socklen_t len = sizeof(a);
	int l, s, x;

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
	printf("sport=%d dport=%d\n", ntohs(c.sin_port), ntohs(a.sin_port));
	close(x);
	close(s);
	close(l);
	return 0;
}
