// SPDX-License-Identifier: Apache-2.0
/*
 * The back end proper: LLVM module -> O2 for BPF -> ELF object in memory,
 * plus the ".tpc.meta" section.
 *
 * Every compile runs in a forked child. LLVM 19's BPF CO-RE pass keeps static
 * state that can crash a second compile in the same process, and LLVM reports
 * some errors by exiting: the child contains both. It sends back one reply on
 * a pipe: struct reply, then the object bytes, then the diagnostic text.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <bpf/libbpf.h>

#include <llvm-c/Core.h>
#include <llvm-c/Error.h>
#include <llvm-c/ErrorHandling.h>
#include <llvm-c/Target.h>
#include <llvm-c/TargetMachine.h>
#include <llvm-c/Transforms/PassBuilder.h>

#include "backend.h"
#include "cc.h"

/* Must equal -mcpu in cc.cpp: the per-function "target-cpu" is ignored. */
#define BPF_CPU		"v3"
#define META_SECTION	".tpc.meta"
#define META_SYMBOL	"__tpc_meta"

struct reply {
	int32_t status;		/* 0 or -errno */
	uint32_t pad;
	uint64_t obj_len;
	uint64_t diag_len;
};

struct strbuf {
	char *buf;
	size_t len, cap;
};

static int sb_add(struct strbuf *sb, const void *p, size_t n)
{
	if (sb->len + n + 1 > sb->cap) {
		size_t cap = sb->cap ? sb->cap : 256;
		char *b;

		while (cap < sb->len + n + 1)
			cap *= 2;
		b = realloc(sb->buf, cap);
		if (!b)
			return -ENOMEM;
		sb->buf = b;
		sb->cap = cap;
	}
	memcpy(sb->buf + sb->len, p, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

static int sb_puts(struct strbuf *sb, const char *s)
{
	return sb_add(sb, s, strlen(s));
}

static int write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t r = write(fd, c, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		c += r;
		n -= r;
	}
	return 0;
}

static void send_reply(int fd, int status, const void *obj, size_t obj_len,
		       const char *diag, size_t diag_len)
{
	struct reply r = {
		.status = status,
		.obj_len = obj_len,
		.diag_len = diag_len,
	};

	if (write_all(fd, &r, sizeof(r)) || write_all(fd, obj, obj_len) ||
	    write_all(fd, diag, diag_len))
		_exit(2);
}

/* --- the child ----------------------------------------------------------- */

static int reply_fd = -1;

/* LLVM calls exit(1) after this returns: answer first and leave quietly. */
static void on_llvm_fatal(const char *reason)
{
	static const char pfx[] = "internal compiler error: LLVM: ";
	char msg[1024];

	snprintf(msg, sizeof(msg), "%s%s\n", pfx, reason);
	send_reply(reply_fd, -EIO, NULL, 0, msg, strlen(msg));
	_exit(1);
}

struct llvm_diags {
	struct strbuf *text;
	int errors;
};

/*
 * LLVM words it "x.bpf.c:3:5: in function ...", relative to the compilation
 * dir; print it the way clang does: "/tpc/x.bpf.c:3:5: error: in function ...".
 */
static void add_llvm_diag(struct strbuf *sb, const char *kind, const char *desc)
{
	size_t name_len = strcspn(desc, ": ");
	unsigned int line, col;
	int n = 0;

	if (desc[name_len] == ':' &&
	    sscanf(desc + name_len, ":%u:%u: %n", &line, &col, &n) == 2 && n > 0) {
		if (desc[0] != '/')
			sb_puts(sb, TPC_CC_COMPDIR "/");
		sb_add(sb, desc, name_len + n);
		desc += name_len + n;
	}
	sb_puts(sb, kind);
	sb_puts(sb, desc);
	sb_puts(sb, "\n");
}

/* Without a handler, a backend error (say, an unsupported call) exits tpc. */
static void on_llvm_diag(LLVMDiagnosticInfoRef di, void *arg)
{
	struct llvm_diags *d = arg;
	char *desc = LLVMGetDiagInfoDescription(di);
	const char *kind;

	switch (LLVMGetDiagInfoSeverity(di)) {
	case LLVMDSError:
		kind = "error: ";
		d->errors++;
		break;
	case LLVMDSWarning:
		kind = "warning: ";
		break;
	default:
		/* remarks and notes: optimisation chatter */
		goto out_dispose;
	}
	add_llvm_diag(d->text, kind, desc);
out_dispose:
	LLVMDisposeMessage(desc);
}

/*
 * Local, not global: libbpf's static linker (bpftool gen object) rejects a
 * global symbol without BTF, and the agent finds the data by section name.
 */
static void add_meta(LLVMModuleRef m, const void *meta, size_t len)
{
	LLVMContextRef ctx = LLVMGetModuleContext(m);
	LLVMTypeRef ty = LLVMArrayType2(LLVMInt8TypeInContext(ctx), len);
	LLVMValueRef g = LLVMAddGlobal(m, ty, META_SYMBOL);

	LLVMSetInitializer(g, LLVMConstStringInContext2(ctx, meta, len, 1));
	LLVMSetGlobalConstant(g, 1);
	LLVMSetSection(g, META_SECTION);
	LLVMSetAlignment(g, 1);
	LLVMSetLinkage(g, LLVMInternalLinkage);
}

static int backend(const struct tpc_cc_opts *opts, struct strbuf *diag,
		   LLVMMemoryBufferRef *out)
{
	struct llvm_diags ld = { .text = diag };
	LLVMPassBuilderOptionsRef pbo;
	LLVMTargetMachineRef tm;
	LLVMContextRef ctx;
	LLVMModuleRef m;
	LLVMTargetRef target;
	LLVMErrorRef lerr;
	char *msg = NULL, *cc_diag = NULL;
	int err;

	LLVMInitializeBPFTargetInfo();
	LLVMInitializeBPFTarget();
	LLVMInitializeBPFTargetMC();
	LLVMInitializeBPFAsmPrinter();

	ctx = LLVMContextCreate();
	LLVMContextSetDiagnosticHandler(ctx, on_llvm_diag, &ld);

	err = tpc_cc_frontend(ctx, opts, &m, &cc_diag);
	if (cc_diag) {
		sb_puts(diag, cc_diag);
		free(cc_diag);
	}
	if (err)
		goto out_dispose_ctx;

	if (LLVMGetTargetFromTriple(LLVMGetTarget(m), &target, &msg)) {
		sb_puts(diag, "internal compiler error: ");
		sb_puts(diag, msg);
		sb_puts(diag, "\n");
		LLVMDisposeMessage(msg);
		err = -EIO;
		goto out_dispose_module;
	}
	tm = LLVMCreateTargetMachine(target, LLVMGetTarget(m), BPF_CPU, "",
				     LLVMCodeGenLevelDefault, LLVMRelocDefault,
				     LLVMCodeModelDefault);
	if (!tm) {
		sb_puts(diag, "internal compiler error: no BPF target machine\n");
		err = -EIO;
		goto out_dispose_module;
	}

	/* As clang -O2 sets them; the target machine adds the BPF CO-RE passes. */
	pbo = LLVMCreatePassBuilderOptions();
	LLVMPassBuilderOptionsSetLoopUnrolling(pbo, 1);
	LLVMPassBuilderOptionsSetLoopVectorization(pbo, 1);
	LLVMPassBuilderOptionsSetSLPVectorization(pbo, 1);
	lerr = LLVMRunPasses(m, "default<O2>", tm, pbo);
	LLVMDisposePassBuilderOptions(pbo);
	if (lerr) {
		msg = LLVMGetErrorMessage(lerr);
		sb_puts(diag, "internal compiler error: ");
		sb_puts(diag, msg);
		sb_puts(diag, "\n");
		LLVMDisposeErrorMessage(msg);
		err = -EIO;
		goto out_dispose_tm;
	}
	if (ld.errors) {
		err = -EINVAL;
		goto out_dispose_tm;
	}

	/* After O2, so no pass drops or merges it; no debug info, so no BTF. */
	if (opts->meta && opts->meta_len)
		add_meta(m, opts->meta, opts->meta_len);

	if (LLVMTargetMachineEmitToMemoryBuffer(tm, m, LLVMObjectFile, &msg, out)) {
		/* The message repeats what the diagnostic handler already has. */
		if (!ld.errors) {
			sb_puts(diag, "error: ");
			sb_puts(diag, msg);
			sb_puts(diag, "\n");
		}
		LLVMDisposeMessage(msg);
		err = -EINVAL;
		goto out_dispose_tm;
	}
	if (ld.errors) {
		LLVMDisposeMemoryBuffer(*out);
		*out = NULL;
		err = -EINVAL;
	}

out_dispose_tm:
	LLVMDisposeTargetMachine(tm);
out_dispose_module:
	LLVMDisposeModule(m);
out_dispose_ctx:
	LLVMContextDispose(ctx);
	return err;
}

/*
 * Drop the DWARF sections through libbpf's static linker (what bpftool gen
 * object does): BTF and .BTF.ext, which CO-RE and the verifier's line info
 * need, stay, and so does .tpc.meta; an object shrinks about 20-fold. The
 * linker works on files, so the object passes through two memfds.
 * Returns 0 with *res (malloc'd) or -errno.
 */
static int strip_dwarf(const void *obj, size_t len, void **res, size_t *res_len)
{
	char in_path[64], out_path[64];
	struct bpf_linker *linker;
	int in_fd, out_fd, err = 0;
	off_t size;

	in_fd = memfd_create("tpc-in.o", MFD_CLOEXEC);
	out_fd = memfd_create("tpc-out.o", MFD_CLOEXEC);
	if (in_fd < 0 || out_fd < 0) {
		err = -errno;
		goto out_close;
	}
	err = write_all(in_fd, obj, len);
	if (err)
		goto out_close;
	snprintf(in_path, sizeof(in_path), "/proc/self/fd/%d", in_fd);
	snprintf(out_path, sizeof(out_path), "/proc/self/fd/%d", out_fd);
	linker = bpf_linker__new(out_path, NULL);
	if (!linker) {
		err = -errno ? -errno : -EINVAL;
		goto out_close;
	}
	err = bpf_linker__add_file(linker, in_path, NULL);
	if (!err)
		err = bpf_linker__finalize(linker);
	bpf_linker__free(linker);
	if (err)
		goto out_close;
	size = lseek(out_fd, 0, SEEK_END);
	if (size <= 0) {
		err = -EIO;
		goto out_close;
	}
	*res = malloc((size_t)size);
	if (!*res) {
		err = -ENOMEM;
		goto out_close;
	}
	if (pread(out_fd, *res, (size_t)size, 0) != size) {
		err = -EIO;
		free(*res);
		goto out_close;
	}
	*res_len = (size_t)size;
out_close:
	if (in_fd >= 0)
		close(in_fd);
	if (out_fd >= 0)
		close(out_fd);
	return err;
}

static void __attribute__((noreturn)) run_child(const struct tpc_cc_opts *opts, int fd)
{
	static const int reset[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE };
	LLVMMemoryBufferRef out = NULL;
	struct strbuf diag = { 0 };
	int err;

	/* The caller's handlers are not ours to run, and env must not change output. */
	for (size_t i = 0; i < sizeof(reset) / sizeof(reset[0]); i++)
		signal(reset[i], SIG_DFL);
	clearenv();
	reply_fd = fd;
	LLVMInstallFatalErrorHandler(on_llvm_fatal);

	void *obj = NULL;
	size_t obj_len = 0;

	err = backend(opts, &diag, &out);
	if (!err && !out)
		err = -EIO;
	if (!err) {
		err = strip_dwarf(LLVMGetBufferStart(out), LLVMGetBufferSize(out), &obj, &obj_len);
		if (err)
			sb_puts(&diag, "internal compiler error: libbpf's linker could not strip the object's DWARF\n");
	}
	send_reply(fd, err, obj, obj_len, diag.buf, diag.len);
	_exit(0);
}

/* --- the parent ---------------------------------------------------------- */

static int read_all(int fd, struct strbuf *sb)
{
	char chunk[65536];

	for (;;) {
		ssize_t r = read(fd, chunk, sizeof(chunk));

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			return 0;
		if (sb_add(sb, chunk, r))
			return -ENOMEM;
	}
}

static int wait_child(pid_t pid, int *wstatus)
{
	while (waitpid(pid, wstatus, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/* Turns the child's reply into the caller's results. */
static int take_reply(const struct strbuf *in, void **obj, size_t *obj_len, char **diag)
{
	struct reply r;

	if (in->len < sizeof(r))
		return -EPROTO;
	memcpy(&r, in->buf, sizeof(r));
	if (r.obj_len > in->len - sizeof(r) ||
	    r.diag_len != in->len - sizeof(r) - r.obj_len)
		return -EPROTO;

	if (r.diag_len) {
		*diag = strndup(in->buf + sizeof(r) + r.obj_len, r.diag_len);
		if (!*diag)
			return -ENOMEM;
	}
	if (r.status)
		return r.status;
	*obj = malloc(r.obj_len ? r.obj_len : 1);
	if (!*obj)
		return -ENOMEM;
	memcpy(*obj, in->buf + sizeof(r), r.obj_len);
	*obj_len = r.obj_len;
	return 0;
}

int tpc_cc_compile(const struct tpc_cc_opts *opts, void **obj, size_t *obj_len, char **diag)
{
	struct strbuf in = { 0 };
	int fds[2], wstatus, err;
	pid_t pid;

	*obj = NULL;
	*obj_len = 0;
	*diag = NULL;
	if (!opts || !opts->vpath || opts->vpath[0] != '/' || (!opts->src && opts->src_len))
		return -EINVAL;

	if (pipe2(fds, O_CLOEXEC))
		return -errno;
	/* Or buffered output would be written twice if LLVM exit()s in the child. */
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		err = -errno;
		goto out_close_pipe;
	}
	if (pid == 0) {
		close(fds[0]);
		run_child(opts, fds[1]);
	}
	close(fds[1]);
	fds[1] = -1;

	err = read_all(fds[0], &in);
	if (err)
		kill(pid, SIGKILL);
	if (wait_child(pid, &wstatus) && !err)
		err = -ECHILD;
	if (err)
		goto out_free_reply;

	if (WIFSIGNALED(wstatus)) {
		if (asprintf(diag, "internal compiler error: clang/LLVM crashed (signal %d)\n",
			     WTERMSIG(wstatus)) < 0)
			*diag = NULL;
		err = -EIO;
		goto out_free_reply;
	}
	err = take_reply(&in, obj, obj_len, diag);
	if (err == -EPROTO) {
		free(*diag);
		if (asprintf(diag, "internal compiler error: compiler process exited with status %d\n",
			     WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1) < 0)
			*diag = NULL;
		err = -EIO;
	}

out_free_reply:
	free(in.buf);
out_close_pipe:
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	return err;
}
