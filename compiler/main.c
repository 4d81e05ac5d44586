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
#include "irtext.h"

extern const struct tpc_vfile tpc_embedded_headers[];
extern const size_t tpc_n_embedded_headers;

#define MAX_TARGETS 8

enum emit { EMIT_OBJ, EMIT_C, EMIT_META, EMIT_IR };

struct opts {
	const char *cmd;
	const char *input;
	const char *input2;	/* diff: the new policy */
	const char *output;
	const char *btf[MAX_TARGETS];
	int n_btf;
	enum emit emit;
	enum diag_format diag_format;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: tpc <command> [options] POLICY.yaml|POLICY.tpir\n"
		"\n"
		"tpc compiles a Cilium Tetragon TracingPolicy ahead of time into a small,\n"
		"specialized eBPF object that tpc-agent loads and enforces.\n"
		"\n"
		"commands:\n"
		"  compile POLICY.yaml -o OUT.bpf.o   compile to a BPF object\n"
		"  check POLICY.yaml                  parse, check and type-check only; exit 0 or 1\n"
		"  explain POLICY.yaml                what the policy does, in plain words, one line\n"
		"                                     per selector\n"
		"  diff OLD.yaml NEW.yaml             what the kernel will do differently, in IR\n"
		"                                     terms; exit 0 if nothing, 1 if something\n"
		"  inspect OBJ.bpf.o                  provenance, programs, maps, attach variants\n"
		"                                     and instruction counts of a compiled object\n"
		"\n"
		"A policy is TracingPolicy YAML, or tpc's IR text (.tpir, from --emit=ir;\n"
		"see docs/ir.md): compiling the IR gives the object the YAML gives.\n"
		"\n"
		"options:\n"
		"  -o, --output FILE        where to write the result (compile; '-' = stdout)\n"
		"      --btf FILE           type-check against this kernel BTF instead of\n"
		"                           /sys/kernel/btf/vmlinux; may be given up to %d times,\n"
		"                           the policy must check against every one\n"
		"      --emit=obj|c|meta|ir what compile writes: the object (default), the\n"
		"                           generated C, the object's metadata JSON, or the IR\n"
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
			else if (!strcmp(optarg, "ir"))
				o->emit = EMIT_IR;
			else {
				fprintf(stderr, "tpc: unknown --emit '%s' (obj, c, meta or ir)\n", optarg);
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
	if (!strcmp(o->cmd, "diff")) {
		if (optind != argc - 2) {
			fprintf(stderr, "tpc: diff takes two policy files: OLD NEW\n");
			return -EINVAL;
		}
		o->input2 = argv[optind + 1];
	} else if (optind != argc - 1) {
		fprintf(stderr, "tpc: %s takes exactly one %s file\n", o->cmd,
			strcmp(o->cmd, "inspect") ? "policy" : "object");
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

static bool is_ir_file(const char *path)
{
	size_t n = strlen(path);

	return n > 5 && !strcmp(path + n - 5, ".tpir");
}

/* A policy file as IR: .tpir is read as IR text, anything else as YAML. */
struct input {
	const char *path;
	struct src_file *f;
	struct ast_policy **pols;	/* YAML */
	int n_pols;
	struct ir_policy *ir;
};

/* Read and parse; returns 0, 1 (policy errors) or 2 (system error). */
static int read_input(struct tpc_ctx *ctx, struct input *in)
{
	int err = src_file_read(ctx, in->path, &in->f);

	if (err) {
		fprintf(stderr, "tpc: cannot read '%s': %s\n", in->path, strerror(-err));
		return 2;
	}
	if (is_ir_file(in->path))
		return ir_parse(ctx, in->f, &in->ir) ? 1 : 0;
	return parse_policies(ctx, in->f, &in->pols, &in->n_pols) ? 1 : 0;
}

/* YAML: check against every target and lower the one policy to IR. */
static int lower_input(struct tpc_ctx *ctx, struct input *in, struct tpc_target *targets, int n_targets, bool one)
{
	int i, err = 0;

	if (in->ir)
		return 0;
	for (i = 0; i < in->n_pols; i++)
		if (check_policy(ctx, in->pols[i], targets, n_targets))
			err = -EINVAL;
	if (err || !one)
		return err ? 1 : 0;
	if (in->n_pols != 1) {
		struct loc l = in->n_pols ? in->pols[1]->loc : (struct loc){ 0 };

		diag_error(ctx, l, "'%s' holds %d policies; tpc compiles one policy per file, so split the file",
			   in->f->name, in->n_pols);
		return 1;
	}
	if (lower_policy(ctx, in->pols[0], &in->ir))
		return 1;
	in->ir->source_sha256 = sha256_hex(ctx, in->f->text, in->f->len);
	return 0;
}

static int print_text(const struct opts *o, const char *text)
{
	int err = write_output(o->output ? o->output : "-", text, strlen(text));

	if (err)
		fprintf(stderr, "tpc: cannot write '%s': %s\n", o->output ? o->output : "-", strerror(-err));
	return err ? 2 : 0;
}

static int compile_one(struct tpc_ctx *ctx, const struct opts *o, struct ir_policy *ir, const struct src_file *f,
		       struct tpc_target *targets, int n_targets)
{
	struct tpc_cc_opts cc = { 0 };
	char *csrc, *meta, *diag = NULL;
	void *obj = NULL;
	size_t obj_len = 0;
	int err, i;

	if (o->emit == EMIT_IR) {
		struct strbuf sb;

		sb_init(&sb, &ctx->arena);
		ir_print(&sb, ir);
		return print_text(o, sb.buf);
	}
	ir->n_targets = n_targets;
	ir->targets = arena_alloc(&ctx->arena, sizeof(char *) * (size_t)n_targets);
	for (i = 0; i < n_targets; i++)
		ir->targets[i] = targets[i].id;
	err = cgen_policy(ctx, ir, &targets[0], &csrc);
	if (err)
		return 1;
	err = meta_policy(ctx, ir, &meta);
	if (err)
		return 1;
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
	static const char *const cmds[] = { "compile", "check", "explain", "diff", "inspect" };
	struct tpc_target targets[MAX_TARGETS];
	struct input in[2] = { { .path = o->input }, { .path = o->input2 } };
	int n_in = o->input2 ? 2 : 1, n_targets = 0, i, err, ret = 1;
	bool compile = !strcmp(o->cmd, "compile"), need_btf = compile || o->n_btf;
	struct strbuf sb;

	for (i = 0; i < (int)(sizeof(cmds) / sizeof(cmds[0])); i++)
		if (!strcmp(o->cmd, cmds[i]))
			break;
	if (i == (int)(sizeof(cmds) / sizeof(cmds[0]))) {
		fprintf(stderr, "tpc: unknown command '%s'\n", o->cmd);
		usage(stderr);
		return 2;
	}
	if (!strcmp(o->cmd, "inspect"))
		return inspect_object(ctx, o->input, stdout) ? 2 : 0;
	for (i = 0; i < n_in; i++) {
		ret = read_input(ctx, &in[i]);
		if (ret)
			return n_in == 2 ? 2 : ret;	/* diff: 1 means "they differ" */
		need_btf |= !in[i].ir;	/* YAML is checked against BTF */
	}
	for (i = 0; need_btf && i < (o->n_btf ? o->n_btf : 1); i++) {
		err = btf_target_open(ctx, o->n_btf ? o->btf[i] : NULL, &targets[i]);
		if (err) {
			fprintf(stderr, "tpc: cannot load BTF '%s': %s\n", o->n_btf ? o->btf[i] : "/sys/kernel/btf/vmlinux",
				strerror(-err));
			ret = 2;
			goto out_close_btf;
		}
		n_targets++;
	}
	for (i = 0; i < n_in; i++) {
		ret = lower_input(ctx, &in[i], targets, n_targets, strcmp(o->cmd, "check"));
		if (ret) {
			ret = n_in == 2 ? 2 : ret;
			goto out_close_btf;
		}
	}
	sb_init(&sb, &ctx->arena);
	if (!strcmp(o->cmd, "check")) {
		ret = 0;
	} else if (!strcmp(o->cmd, "explain")) {
		explain_policy(&sb, in[0].ir, ctx, n_targets ? &targets[0] : NULL);
		ret = print_text(o, sb.buf);
	} else if (!strcmp(o->cmd, "diff")) {
		bool differ = ir_diff(&sb, ctx, in[0].ir, in[1].ir);

		ret = print_text(o, sb.buf);
		if (!ret)
			ret = differ ? 1 : 0;
	} else {
		ret = compile_one(ctx, o, in[0].ir, in[0].f, targets, n_targets);
	}
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
