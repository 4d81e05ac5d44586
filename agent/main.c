// SPDX-License-Identifier: Apache-2.0
/*
 * tpc-agent: load tpc objects, attach them, print their events.
 *
 * The only place that exits. Exit status: 0 when the loop ends by signal,
 * --count or --timeout; 1 on any error; 2 on a usage error.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include "diag.h"
#include "event.h"
#include "loader.h"
#include "notify.h"
#include "probe.h"
#include "process.h"
#include "stack.h"

#ifndef TPC_VERSION
#define TPC_VERSION "dev"
#endif

#define POLL_MS 100

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
	stop_signal = sig;
}

static void usage(FILE *out)
{
	fprintf(out,
"Usage: tpc-agent [options] OBJ.bpf.o...\n"
"       tpc-agent --probe [-o json]\n"
"\n"
"Load tpc objects (compiled TracingPolicies), attach them and print one event\n"
"per line until SIGINT/SIGTERM. Each object's .tpc.meta section says which\n"
"programs to attach where and how its events are laid out; for each hook the\n"
"first attach variant the running kernel supports is used (see --probe) and\n"
"the others are never loaded.\n"
"\n"
"Options:\n"
"  -o, --output FMT      json (default): one Tetragon-style JSON object per line\n"
"                        (process_kprobe, process_tracepoint, ...);\n"
"                        compact: one human-readable line per event\n"
"  -p, --probe           print what the running kernel can attach, one line per\n"
"                        feature with yes/no/unknown and how it was decided\n"
"                        (with -o json: one JSON object), then exit\n"
"  -n, --count N         exit after N events\n"
"  -t, --timeout SECS    exit after SECS seconds (fractions allowed)\n"
"  -r, --ready-file PATH write our pid to PATH once every program is attached\n"
"                        (test scripts wait for it)\n"
"  -v, --verbose         libbpf's debug output, attach decisions and the full\n"
"                        verifier log of every program\n"
"  -V, --version         print the version\n"
"  -h, --help            this text\n"
"\n"
"Errors go to stderr: as text lines, or with an explicit -o json as one JSON\n"
"object per line ({\"error\":...,\"object\":...,\"policy\":...,\"hook\":...}).\n"
"When a program fails to load, the message names the policy, the hook and the\n"
"program, followed by the last %d lines of the verifier log (-v prints all of\n"
"it; -v output itself stays text). tracefs is mounted at /sys/kernel/tracing\n"
"if a tracepoint variant needs it and it is not mounted anywhere.\n"
"\n"
"Exit status: 0 after SIGINT/SIGTERM, --count or --timeout; 1 on errors;\n"
"2 on usage errors.\n", 40);
}

struct opts {
	enum event_output output;
	bool output_given;
	bool probe;
	bool verbose;
	uint64_t count;
	double timeout;
	const char *ready_file;
};

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option long_opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "probe", no_argument, NULL, 'p' },
		{ "count", required_argument, NULL, 'n' },
		{ "timeout", required_argument, NULL, 't' },
		{ "ready-file", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	char *end;
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "o:pn:t:r:vVh", long_opts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output_given = true;
			/* an explicit -o json makes errors JSON too, from here on */
			diag_set_json(!strcmp(optarg, "json"));
			if (!strcmp(optarg, "json")) {
				o->output = EVENT_OUT_JSON;
			} else if (!strcmp(optarg, "compact")) {
				o->output = EVENT_OUT_COMPACT;
			} else {
				diag_error(&DIAG_NONE, "--output: '%s' is not json or compact", optarg);
				return -EINVAL;
			}
			break;
		case 'p':
			o->probe = true;
			break;
		case 'n':
			errno = 0;
			o->count = strtoull(optarg, &end, 10);
			if (errno || *end || !optarg[0] || optarg[0] == '-' || !o->count) {
				diag_error(&DIAG_NONE, "--count: '%s' is not a positive integer",
					   optarg);
				return -EINVAL;
			}
			break;
		case 't':
			errno = 0;
			o->timeout = strtod(optarg, &end);
			if (errno || *end || !optarg[0] || !(o->timeout > 0) || o->timeout > 1e9) {
				diag_error(&DIAG_NONE, "--timeout: '%s' is not a positive number "
					   "of seconds", optarg);
				return -EINVAL;
			}
			break;
		case 'r':
			o->ready_file = optarg;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'V':
			printf("tpc-agent %s (libbpf %s)\n", TPC_VERSION, libbpf_version_string());
			return 1;
		case 'h':
			usage(stdout);
			return 1;
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (!o->probe && optind >= argc) {
		diag_error(&DIAG_NONE, "no object given (try --help)");
		return -EINVAL;
	}
	if (o->probe && optind < argc) {
		diag_error(&DIAG_NONE, "--probe takes no objects");
		return -EINVAL;
	}
	return 0;
}

static int write_ready_file(const char *path)
{
	char buf[32];
	int fd, n, err = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (write(fd, buf, (size_t)n) != n)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

static int install_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	/* no SA_RESTART: epoll_wait returns EINTR and the loop notices at once */
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGINT, &sa, NULL) || sigaction(SIGTERM, &sa, NULL))
		return -errno;
	/* a closed stdout is reported as a write error, not a silent death */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

static int event_loop(struct ring_buffer *rb, struct event_printer *pr, double timeout)
{
	double deadline = timeout > 0 ? event_now_s() + timeout : 0;
	int err, ms;

	pr->stop = &stop_signal;
	pr->deadline = deadline;

	while (!stop_signal) {
		ms = POLL_MS;
		if (deadline) {
			double left = deadline - event_now_s();

			if (left <= 0)
				break;
			if (left * 1000 < ms)
				ms = (int)(left * 1000) + 1;
		}
		err = ring_buffer__poll(rb, ms);
		if (err == -EINTR)
			continue;
		if (err == -ECANCELED && pr->done)
			break;	/* --count, or a signal or the deadline seen between events */
		if (err == -EIO && pr->write_err) {
			diag_error(&DIAG_NONE, "writing events failed: %s", strerror(-pr->write_err));
			return pr->write_err;
		}
		if (err < 0) {
			diag_error(&DIAG_NONE, "polling the ring buffers failed: %s", strerror(-err));
			return err;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ring_buffer *rb = NULL;
	struct loader_obj *objs = NULL;
	struct event_printer pr;
	struct tpc_probe probe;
	bool need_tracefs = false, need_procs = false;
	int i, n_objs = 0, err;
	struct opts o;

	err = parse_args(argc, argv, &o);
	if (err)
		return err > 0 ? 0 : 2;

	if (o.probe) {
		tpc_probe_kernel(&probe);
		/* plain --probe prints text; -o json asks for JSON */
		tpc_probe_print(stdout, &probe, o.output_given && o.output == EVENT_OUT_JSON);
		return 0;
	}

	loader_setup_libbpf(o.verbose);
	err = install_signals();
	if (err) {
		diag_error(&DIAG_NONE, "cannot install signal handlers: %s", strerror(-err));
		return 1;
	}
	event_printer_init(&pr, o.output, stdout, o.count);

	n_objs = argc - optind;
	objs = calloc((size_t)n_objs, sizeof(*objs));
	if (!objs) {
		diag_error(&DIAG_NONE, "out of memory");
		err = -ENOMEM;
		goto out_fini_printer;
	}
	for (i = 0; i < n_objs; i++) {
		err = loader_open(&objs[i], argv[optind + i]);
		if (err)
			goto out_close_objs;
		objs[i].src.pr = &pr;
		need_tracefs |= loader_needs_tracefs(&objs[i]);
	}
	/* before the first probe, so that tracepoints are probed with tracefs present */
	if (need_tracefs)
		loader_ensure_tracefs(o.verbose);
	/* process tracking before any policy: they share its pinned map */
	for (i = 0; i < n_objs && !need_procs; i++)
		need_procs = process_needed_by(objs[i].obj);
	err = process_start(need_procs, o.verbose);
	if (err && need_procs)
		goto out_close_objs;
	err = 0;
	for (i = 0; i < n_objs; i++) {
		err = process_prepare(objs[i].obj);
		if (err) {
			struct diag d = DIAG_NONE;

			d.object = objs[i].path;
			diag_error(&d, "cannot set the host namespaces (tpc_host_ns): %s", strerror(-err));
			goto out_close_objs;
		}
		err = loader_plan(&objs[i]);
		err = err ? : loader_load(&objs[i]);
		err = err ? : loader_attach(&objs[i]);
		if (err)
			goto out_close_objs;
	}

	for (i = 0; i < n_objs; i++) {
		if (!rb) {
			rb = ring_buffer__new(objs[i].ringbuf_fd, event_handle, &objs[i].src, NULL);
			err = rb ? 0 : -errno;
		} else {
			err = ring_buffer__add(rb, objs[i].ringbuf_fd, event_handle, &objs[i].src);
		}
		if (err) {
			struct diag d = DIAG_NONE;

			d.object = objs[i].path;
			d.policy = objs[i].meta->policy_name;
			diag_error(&d, "cannot poll ring buffer '%s': %s", objs[i].meta->ringbuf,
				   strerror(-err));
			goto out_free_rb;
		}
	}

	if (o.ready_file) {
		err = write_ready_file(o.ready_file);
		if (err) {
			diag_error(&DIAG_NONE, "--ready-file %s: %s", o.ready_file, strerror(-err));
			goto out_free_rb;
		}
	}
	if (o.verbose)
		fprintf(stderr, "tpc-agent: %d object(s) attached, waiting for events\n", n_objs);

	err = event_loop(rb, &pr, o.timeout);
	notify_stop();	/* GetUrl/DnsLookup: finish what is queued while the meta is alive */
	if (pr.n_bad)
		diag_warn(&DIAG_NONE, "%llu malformed event(s) dropped",
			  (unsigned long long)pr.n_bad);

out_free_rb:
	ring_buffer__free(rb);
out_close_objs:
	for (i = 0; objs && i < n_objs; i++)
		loader_close(&objs[i]);
	free(objs);
	process_stop();
out_fini_printer:
	event_printer_fini(&pr);
	stack_cache_free();
	return err ? 1 : 0;
}
