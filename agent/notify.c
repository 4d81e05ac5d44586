// SPDX-License-Identifier: Apache-2.0
/*
 * notify: GetUrl and DnsLookup, performed by tpc-agent as Tetragon's agent
 * does, in user space, for notification. The ring-buffer loop only queues
 * the request (a bounded queue; a full queue drops it, counted); one worker
 * thread sends an HTTP/1.0 GET over a plain TCP socket, or resolves a name
 * with getaddrinfo_a, each with a NOTIFY_TIMEOUT_MS deadline, and logs the
 * outcome through diag (text or JSON on stderr).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "notify.h"

#define NOTIFY_QUEUE 64
#define NOTIFY_TIMEOUT_MS 2000
#define NOTIFY_DRAIN_MS 2000	/* notify_stop: queued requests end by then (SIGTERM to exit <= 2 s) */
#define NOTIFY_ARG_MAX 512

struct notify_req {
	enum notify_kind kind;
	char arg[NOTIFY_ARG_MAX];
	struct diag d;
};

static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool started, stopping;
	struct notify_req q[NOTIFY_QUEUE];
	unsigned head, len;
	uint64_t dropped, skipped;
	int64_t drain_end;	/* ms, CLOCK_MONOTONIC; set when stopping */
} nq = { .lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER };

static const char *const kind_names[] = { "GetUrl", "DnsLookup" };

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The deadline of a request starting now: its timeout, or the end of the drain when stopping. */
static int64_t req_deadline(void)
{
	int64_t d = now_ms() + NOTIFY_TIMEOUT_MS;

	pthread_mutex_lock(&nq.lock);
	if (nq.stopping && nq.drain_end < d)
		d = nq.drain_end;
	pthread_mutex_unlock(&nq.lock);
	return d;
}

/* Resolve host with a deadline; *res is NULL on failure, and the return a gai error string. */
static const char *resolve(const char *host, const char *port, int64_t deadline, struct addrinfo **res)
{
	/* static: ar_request must outlive a lookup that is abandoned at its deadline */
	static const struct addrinfo hints = { .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct gaicb *cb = calloc(1, sizeof(*cb));
	struct gaicb *list[1] = { cb };
	char *name = strdup(host);
	struct timespec ts;
	int64_t left;
	int err;

	*res = NULL;
	if (!cb || !name) {
		free(cb);
		free(name);
		return "out of memory";
	}
	cb->ar_name = name;
	cb->ar_service = port;	/* a static or caller string that outlives the request */
	cb->ar_request = &hints;
	err = getaddrinfo_a(GAI_NOWAIT, list, 1, NULL);
	if (err) {
		free(cb);
		free(name);
		return gai_strerror(err);
	}
	while ((err = gai_error(cb)) == EAI_INPROGRESS) {
		left = deadline - now_ms();
		if (left <= 0)
			break;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		gai_suspend((const struct gaicb *const *)list, 1, &ts);
	}
	if (err == EAI_INPROGRESS) {
		/* a lookup still running owns cb and name: leak them rather than free under it */
		if (gai_cancel(cb) != EAI_CANCELED)
			return "timed out";
		free(cb);
		free(name);
		return "timed out";
	}
	*res = cb->ar_result;
	free(cb);
	free(name);
	return err ? gai_strerror(err) : NULL;
}

static void do_dns(const struct notify_req *r)
{
	char out[512] = "", addr[INET6_ADDRSTRLEN];
	struct addrinfo *res, *ai;
	const char *err;
	size_t n = 0;

	err = resolve(r->arg, NULL, req_deadline(), &res);
	if (err) {
		diag_warn(&r->d, "DnsLookup '%s' failed: %s", r->arg, err);
		return;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		const void *a = ai->ai_family == AF_INET ? (const void *)&((struct sockaddr_in *)ai->ai_addr)->sin_addr :
				(const void *)&((struct sockaddr_in6 *)ai->ai_addr)->sin6_addr;

		if ((ai->ai_family != AF_INET && ai->ai_family != AF_INET6) ||
		    !inet_ntop(ai->ai_family, a, addr, sizeof(addr)) || strstr(out, addr))
			continue;
		n += (size_t)snprintf(out + n, n < sizeof(out) ? sizeof(out) - n : 0, "%s%s", n ? " " : "", addr);
		if (n >= sizeof(out))
			break;
	}
	freeaddrinfo(res);
	diag_info(&r->d, "DnsLookup '%s': %s", r->arg, out[0] ? out : "no addresses");
}

/* Wait for fd to be ready for ev until deadline; 0, or -ETIMEDOUT / -errno. */
static int wait_fd(int fd, short ev, int64_t deadline)
{
	struct pollfd p = { .fd = fd, .events = ev };
	int64_t left;
	int n;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n < 0 && errno != EINTR)
			return -errno;
	}
}

/* One connection attempt: the first line of the response in status, or -errno. */
static int http_get(const struct addrinfo *ai, const char *host, const char *path, int64_t deadline,
		    char *status, size_t status_len)
{
	char req[NOTIFY_ARG_MAX + 128], buf[256];
	size_t len, off = 0, got = 0;
	socklen_t sl = sizeof(int);
	int fd, err = 0, soerr = 0;
	ssize_t n;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		return -errno;
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) && errno != EINPROGRESS) {
		err = -errno;
		goto out_close;
	}
	err = wait_fd(fd, POLLOUT, deadline);
	if (!err && getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) == 0 && soerr)
		err = -soerr;
	if (err)
		goto out_close;
	len = (size_t)snprintf(req, sizeof(req), "GET %s HTTP/1.0\r\nHost: %s\r\nUser-Agent: tpc-agent\r\n"
			       "Connection: close\r\n\r\n", path, host);
	while (off < len) {
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN)
			err = wait_fd(fd, POLLOUT, deadline);
		else if (n < 0)
			err = -errno;
		else
			off += (size_t)n;
		if (err)
			goto out_close;
	}
	while (got < sizeof(buf) - 1 && !memchr(buf, '\n', got)) {
		err = wait_fd(fd, POLLIN, deadline);
		if (err)
			goto out_close;
		n = recv(fd, buf + got, sizeof(buf) - 1 - got, 0);
		if (n < 0 && errno != EAGAIN && errno != EINTR) {
			err = -errno;
			goto out_close;
		}
		if (n == 0)
			break;
		if (n > 0)
			got += (size_t)n;
	}
	buf[got] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	snprintf(status, status_len, "%s", got ? buf : "connection closed without a response");
out_close:
	close(fd);
	return err;
}

static void do_geturl(const struct notify_req *r)
{
	char host[256], port[8] = "80", status[256];
	const char *h, *end, *path, *gerr;
	int64_t deadline = req_deadline();
	struct addrinfo *res, *ai;
	size_t hl;
	int err = -EHOSTUNREACH;

	/* the compiler checked the form: http://HOST[:PORT][/PATH] */
	if (strncasecmp(r->arg, "http://", 7)) {
		diag_warn(&r->d, "GetUrl '%s' failed: only http:// URLs are fetched", r->arg);
		return;
	}
	h = r->arg + 7;
	end = h + strcspn(h, ":/");
	hl = (size_t)(end - h);
	if (!hl || hl >= sizeof(host)) {
		diag_warn(&r->d, "GetUrl '%s' failed: bad host", r->arg);
		return;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	if (*end == ':') {
		size_t pl = strcspn(end + 1, "/");

		if (!pl || pl >= sizeof(port)) {
			diag_warn(&r->d, "GetUrl '%s' failed: bad port", r->arg);
			return;
		}
		memcpy(port, end + 1, pl);
		port[pl] = '\0';
		end += 1 + pl;
	}
	path = *end ? end : "/";
	{
		static char port_keep[NOTIFY_QUEUE][8];	/* ar_service of a lookup that may outlive us */
		static unsigned port_i;
		char *p = port_keep[port_i++ % NOTIFY_QUEUE];

		memcpy(p, port, sizeof(port));
		gerr = resolve(host, p, deadline, &res);
	}
	if (gerr) {
		diag_warn(&r->d, "GetUrl '%s' failed: %s: %s", r->arg, host, gerr);
		return;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		err = http_get(ai, host, path, deadline, status, sizeof(status));
		if (!err || err == -ETIMEDOUT)
			break;
	}
	freeaddrinfo(res);
	if (err)
		diag_warn(&r->d, "GetUrl '%s' failed: %s", r->arg,
			  err == -ETIMEDOUT ? "timed out" : strerror(-err));
	else
		diag_info(&r->d, "GetUrl '%s': %s", r->arg, status);
}

static void *worker(void *arg)
{
	struct notify_req r;

	(void)arg;
	pthread_mutex_lock(&nq.lock);
	for (;;) {
		while (!nq.len && !nq.stopping)
			pthread_cond_wait(&nq.cond, &nq.lock);
		if (!nq.len)
			break;
		r = nq.q[nq.head];
		nq.head = (nq.head + 1) % NOTIFY_QUEUE;
		nq.len--;
		if (nq.stopping && now_ms() >= nq.drain_end) {
			nq.skipped++;
			continue;
		}
		pthread_mutex_unlock(&nq.lock);
		if (r.kind == NOTIFY_GETURL)
			do_geturl(&r);
		else
			do_dns(&r);
		pthread_mutex_lock(&nq.lock);
	}
	pthread_mutex_unlock(&nq.lock);
	return NULL;
}

int notify_start(void)
{
	int err = 0;

	pthread_mutex_lock(&nq.lock);
	if (!nq.started) {
		err = -pthread_create(&nq.thread, NULL, worker, NULL);
		nq.started = !err;
	}
	pthread_mutex_unlock(&nq.lock);
	return err;
}

void notify_submit(enum notify_kind kind, const char *arg, const struct diag *d)
{
	struct notify_req *r;
	bool first_drop = false;
	int err;

	err = notify_start();
	if (err) {
		diag_warn(d, "%s '%s' not performed: cannot start the worker thread: %s", kind_names[kind], arg,
			  strerror(-err));
		return;
	}
	pthread_mutex_lock(&nq.lock);
	if (nq.len == NOTIFY_QUEUE || nq.stopping) {
		first_drop = !nq.dropped++;
	} else {
		r = &nq.q[(nq.head + nq.len++) % NOTIFY_QUEUE];
		r->kind = kind;
		snprintf(r->arg, sizeof(r->arg), "%s", arg);
		r->d = *d;
		pthread_cond_signal(&nq.cond);
	}
	pthread_mutex_unlock(&nq.lock);
	if (first_drop)
		diag_warn(d, "%s '%s' dropped: %d requests already queued (further drops are counted)",
			  kind_names[kind], arg, NOTIFY_QUEUE);
}

void notify_stop(void)
{
	pthread_mutex_lock(&nq.lock);
	if (!nq.started) {
		pthread_mutex_unlock(&nq.lock);
		return;
	}
	nq.drain_end = now_ms() + NOTIFY_DRAIN_MS;
	nq.stopping = true;
	pthread_cond_signal(&nq.cond);
	pthread_mutex_unlock(&nq.lock);
	pthread_join(nq.thread, NULL);
	nq.started = false;
	if (nq.dropped)
		diag_warn(&DIAG_NONE, "%llu GetUrl/DnsLookup request(s) dropped: the queue of %d was full",
			  (unsigned long long)nq.dropped, NOTIFY_QUEUE);
	if (nq.skipped)
		diag_warn(&DIAG_NONE, "%llu GetUrl/DnsLookup request(s) not performed: the agent was stopping",
			  (unsigned long long)nq.skipped);
}
