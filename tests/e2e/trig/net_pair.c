/*
 * net_pair tcp|udp ADDR PORT [SPORT]: a server on ADDR:PORT (IPv4 or IPv6),
 * a client that binds to SPORT (0 or absent: the kernel picks), connects,
 * sends one byte and closes; the server accepts and reads it. Prints
 * "sport=N dport=M" for the client socket, so a case can check the values
 * events report. Meant to run in a network namespace the case created.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static socklen_t addr_of(const char *s, int port, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (strchr(s, ':')) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((unsigned short)port);
		if (inet_pton(AF_INET6, s, &a6->sin6_addr) != 1)
			return 0;
		return sizeof(*a6);
	}
	a4->sin_family = AF_INET;
	a4->sin_port = htons((unsigned short)port);
	if (inet_pton(AF_INET, s, &a4->sin_addr) != 1)
		return 0;
	return sizeof(*a4);
}

static int port_of(const struct sockaddr_storage *ss)
{
	if (ss->ss_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)ss)->sin6_port);
	return ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage srv, cli;
	int udp, type, l, s, x = -1, one = 1;
	socklen_t len, clen;
	char c = 'x';

	if (argc < 4) {
		fprintf(stderr, "usage: net_pair tcp|udp ADDR PORT [SPORT]\n");
		return 2;
	}
	udp = !strcmp(argv[1], "udp");
	type = udp ? SOCK_DGRAM : SOCK_STREAM;
	len = addr_of(argv[2], atoi(argv[3]), &srv);
	if (!len) {
		fprintf(stderr, "net_pair: bad address '%s'\n", argv[2]);
		return 2;
	}
	l = socket(srv.ss_family, type, 0);
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (l < 0 || bind(l, (struct sockaddr *)&srv, len) || (!udp && listen(l, 1))) {
		perror("server");
		return 1;
	}
	s = socket(srv.ss_family, type, 0);
	if (s < 0) {
		perror("socket");
		return 1;
	}
	if (argc > 4 && atoi(argv[4])) {
		clen = addr_of(srv.ss_family == AF_INET6 ? "::" : "0.0.0.0", atoi(argv[4]), &cli);
		setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(s, (struct sockaddr *)&cli, clen)) {
			perror("bind client");
			return 1;
		}
	}
	if (connect(s, (struct sockaddr *)&srv, len) || send(s, &c, 1, 0) != 1) {
		perror("connect/send");
		return 1;
	}
	clen = sizeof(cli);
	if (getsockname(s, (struct sockaddr *)&cli, &clen)) {
		perror("getsockname");
		return 1;
	}
	if (!udp)
		x = accept(l, NULL, NULL);
	if (recv(udp ? l : x, &c, 1, 0) != 1) {
		perror("recv");
		return 1;
	}
	printf("sport=%d dport=%d\n", port_of(&cli), port_of(&srv));
	if (x >= 0)
		close(x);
	close(s);
	close(l);
	return 0;
}
