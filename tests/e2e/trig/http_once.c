/*
 * http_once PORT: a one-shot HTTP server on 127.0.0.1:PORT for GetUrl.
 * Prints "listening" once bound, then the request line of the first
 * connection, answers "HTTP/1.0 200 OK" and exits. Gives up after 20 s.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sockaddr_in a = { .sin_family = AF_INET };
	static const char resp[] = "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n";
	char buf[1024];
	size_t got = 0;
	ssize_t n;
	int one = 1, s, c;

	if (argc != 2) {
		fprintf(stderr, "usage: http_once PORT\n");
		return 2;
	}
	alarm(20);
	a.sin_port = htons((unsigned short)atoi(argv[1]));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 1)) {
		perror("http_once");
		return 1;
	}
	printf("listening\n");
	fflush(stdout);
	c = accept(s, NULL, NULL);
	if (c < 0) {
		perror("http_once: accept");
		return 1;
	}
	while (got < sizeof(buf) - 1 && !strstr(buf, "\r\n\r\n")) {
		n = read(c, buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	printf("%s\n", buf);
	fflush(stdout);
	if (write(c, resp, sizeof(resp) - 1) < 0)
		perror("http_once: write");
	close(c);
	close(s);
	return 0;
}
