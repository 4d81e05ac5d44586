// SPDX-License-Identifier: Apache-2.0
/*
 * tpc: the command-line driver. Runs the passes in order and stops before
 * the next pass when one reported errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "backend.h"
#include "btf.h"
#include "ir.h"

extern const struct tpc_vfile tpc_embedded_headers[];
extern const size_t tpc_n_embedded_headers;

#define MAX_TARGETS 8

enum emit { EMIT_OBJ, EMIT_C, EMIT_META };

struct opts {
	const char *cmd;
	const char *input;
	const char *output;
	const char *btf[MAX_TARGETS];
	int n_btf;
	enum emit emit;
	enum diag_format diag_format;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tpc <command> [options] POLICY.yaml\n"
		"\n"
		"tpc compiles a Cilium Tetragon TracingPolicy ahead of time into a small,\n"
		"specialized eBPF object that tpc-agent loads and enforces.\n"
		"\n"
		"commands:\n"
		"  compile POLICY.yaml -o OUT.bpf.o   compile to a BPF object\n"
		"  check POLICY.yaml                  parse, check and type-check only; exit 0 or 1\n"
		"\n"
		"options:\n"
		"  -o, --output FILE        where to write the result (compile; '-' = stdout)\n"
		"      --btf FILE           type-check against this kernel BTF instead of\n"
		"                           /sys/kernel/btf/vmlinux; may be given up to %d times,\n"
		"                           the policy must check against every one\n"
		"      --emit=obj|c|meta    what compile writes: the object (default), the\n"
		"                           generated C, or the object's metadata JSON\n"
		"      --diagnostics-format=gcc|json|github\n"
		"                           how errors are printed (github: workflow annotations)\n"
		"  -h, --help               this text\n"
		"      --version            print the version\n"
		"\n"
		"exit status: 0 success, 1 the policy has errors, 2 usage or system error\n",
		MAX_TARGETS);
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "btf", required_argument, NULL, 'b' },
		{ "emit", required_argument, NULL, 'e' },
		{ "diagnostics-format", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ 0 }
	};
	int c;

	memset(o, 0, sizeof(*o));
	while ((c = getopt_long(argc, argv, "+o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("tpc %s\n", TPC_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return -EINVAL;
	}
	o->cmd = argv[optind++];
	optind--;
	argv[optind] = argv[0];
	argc -= optind;
	argv += optind;
	optind = 0;	/* 0 makes glibc re-initialise getopt for the second scan */
	while ((c = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o':
			o->output = optarg;
			break;
		case 'b':
			if (o->n_btf == MAX_TARGETS) {
				fprintf(stderr, "tpc: at most %d --btf targets\n", MAX_TARGETS);
				return -EINVAL;
			}
			o->btf[o->n_btf++] = optarg;
			break;
		case 'e':
			if (!strcmp(optarg, "obj"))
				o->emit = EMIT_OBJ;
			else if (!strcmp(optarg, "c"))
				o->emit = EMIT_C;
			else if (!strcmp(optarg, "meta"))
				o->emit = EMIT_META;
			else {
				fprintf(stderr, "tpc: unknown --emit '%s' (obj, c or meta)\n", optarg);
				return -EINVAL;
			}
			break;
		case 'd':
			if (!strcmp(optarg, "gcc"))
				o->diag_format = DIAG_FMT_GCC;
			else if (!strcmp(optarg, "json"))
				o->diag_format = DIAG_FMT_JSON;
			else if (!strcmp(optarg, "github"))
				o->diag_format = DIAG_FMT_GITHUB;
			else {
				fprintf(stderr, "tpc: unknown --diagnostics-format '%s' (gcc, json or github)\n", optarg);
				return -EINVAL;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("tpc %s\n", TPC_VERSION);
			exit(0);
		default:
			usage(stderr);
			return -EINVAL;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "tpc: %s takes exactly one policy file\n", o->cmd);
		return -EINVAL;
	}
	o->input = argv[optind];
	return 0;
}

/* Write data to path atomically (temporary file + rename), or to stdout for "-". */
static int write_output(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	size_t off = 0;
	int fd, err = 0;

	if (!strcmp(path, "-")) {
		if (fwrite(data, 1, len, stdout) != len || fflush(stdout))
			return -EIO;
		return 0;
	}
	if (snprintf(tmp, sizeof(tmp), "%s.tmp.%d", path, getpid()) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t n = write(fd, (const char *)data + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static const char *sha256_hex(struct tpc_ctx *ctx, const void *data, size_t len)
{
	unsigned char md[32];
	unsigned int n = 0;
	char *hex = arena_alloc(&ctx->arena, 65);
	int i;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", md[i]);
	return hex;
}

static int compile_one(struct tpc_ctx *ctx, const struct opts *o, struct ast_policy *p, const struct src_file *f,
		       struct tpc_target *targets, int n_targets)
{
	struct ir_policy *ir;
	struct tpc_cc_opts cc = { 0 };
	char *csrc, *meta, *diag = NULL;
	void *obj = NULL;
	size_t obj_len = 0;
	int err, i;

	err = lower_policy(ctx, p, &ir);
	if (err)
		return err;
	ir->source_sha256 = sha256_hex(ctx, f->text, f->len);
	ir->n_targets = n_targets;
	ir->targets = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)n_targets);
	for (i = 0; i < n_targets; i++)
		ir->targets[i] = targets[i].id;
	err = cgen_policy(ctx, ir, &targets[0], &csrc);
	if (err)
		return err;
	err = meta_policy(ctx, ir, &meta);
	if (err)
		return err;
	if (o->emit == EMIT_C)
		return write_output(o->output ? o->output : "-", csrc, strlen(csrc)) ? 2 : 0;
	if (o->emit == EMIT_META)
		return write_output(o->output ? o->output : "-", meta, strlen(meta)) ? 2 : 0;
	if (!o->output) {
		fprintf(stderr, "tpc: compile needs -o OUT.bpf.o\n");
		return 2;
	}
	cc.src = csrc;
	cc.src_len = strlen(csrc);
	cc.vpath = arena_printf(&ctx->arena, "/tpc/%s.bpf.c", ir->name);
	cc.headers = tpc_embedded_headers;
	cc.n_headers = tpc_n_embedded_headers;
	cc.meta = meta;
	cc.meta_len = strlen(meta);
	err = tpc_cc_compile(&cc, &obj, &obj_len, &diag);
	if (err) {
		fprintf(stderr, "%s: error: generated C for policy '%s' did not compile (this is a tpc bug):\n%s",
			f->name, ir->name, diag ? diag : strerror(-err));
		free(diag);
		return 2;
	}
	free(diag);
	err = write_output(o->output, obj, obj_len);
	free(obj);
	if (err) {
		fprintf(stderr, "tpc: cannot write '%s': %s\n", o->output, strerror(-err));
		return 2;
	}
	return 0;
}

static int run(struct tpc_ctx *ctx, const struct opts *o)
{
	struct tpc_target targets[MAX_TARGETS];
	struct ast_policy **pols;
	struct src_file *f;
	int n_pols = 0, n_targets = 0, i, err, ret = 1;
	bool compile = !strcmp(o->cmd, "compile");

	if (!compile && strcmp(o->cmd, "check")) {
		fprintf(stderr, "tpc: unknown command '%s'\n", o->cmd);
		usage(stderr);
		return 2;
	}
	err = src_file_read(ctx, o->input, &f);
	if (err) {
		fprintf(stderr, "tpc: cannot read '%s': %s\n", o->input, strerror(-err));
		return 2;
	}
	if (parse_policies(ctx, f, &pols, &n_pols))
		return 1;
	for (i = 0; i < (o->n_btf ? o->n_btf : 1); i++) {
		err = btf_target_open(ctx, o->n_btf ? o->btf[i] : NULL, &targets[i]);
		if (err) {
			fprintf(stderr, "tpc: cannot load BTF '%s': %s\n", o->n_btf ? o->btf[i] : "/sys/kernel/btf/vmlinux",
				strerror(-err));
			ret = 2;
			goto out_close_btf;
		}
		n_targets++;
	}
	err = 0;
	for (i = 0; i < n_pols; i++)
		if (check_policy(ctx, pols[i], targets, n_targets))
			err = -EINVAL;
	if (err)
		goto out_close_btf;
	if (!compile) {
		ret = 0;
		goto out_close_btf;
	}
	if (n_pols != 1) {
		struct loc l = pols[1]->loc;

		diag_error(ctx, l, "'%s' holds %d policies; tpc compile writes one object per policy, so split the file",
			   f->name, n_pols);
		goto out_close_btf;
	}
	ret = compile_one(ctx, o, pols[0], f, targets, n_targets);
out_close_btf:
	for (i = 0; i < n_targets; i++)
		btf_target_close(&targets[i]);
	return ret;
}

int main(int argc, char **argv)
{
	struct tpc_ctx ctx;
	struct opts o;
	int ret;

	if (parse_args(argc, argv, &o))
		return 2;
	tpc_ctx_init(&ctx);
	ctx.diag_format = o.diag_format;
	ret = run(&ctx, &o);
	diag_flush(&ctx);
	if (ret == 1 && !ctx.n_errors)
		ret = 1;
	tpc_ctx_fini(&ctx);
	return ret;
}
