// SPDX-License-Identifier: Apache-2.0
/*
 * The clang 19 front end, in memory: generated C -> unoptimised LLVM module.
 *
 * The libclang C API cannot generate code, so this is the one C++ file in tpc.
 * It runs the driver only to turn our fixed command line into cc1 arguments,
 * then a CompilerInstance with EmitLLVMOnlyAction. Every file clang sees comes
 * from an InMemoryFileSystem: no real header, no config file, no cwd leaks in.
 * Everything after IR generation is in emit.c, with the LLVM C API.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/DiagnosticOptions.h>
#include <clang/CodeGen/CodeGenAction.h>
#include <clang/Driver/Compilation.h>
#include <clang/Driver/Driver.h>
#include <clang/Driver/Job.h>
#include <clang/Driver/Tool.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/CompilerInvocation.h>
#include <clang/Frontend/TextDiagnosticPrinter.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/VirtualFileSystem.h>
#include <llvm/Support/raw_ostream.h>

#include "cc.h"

/* The driver derives nothing from this path but a resource dir we never use. */
static const char driver_path[] = "/tpc/bin/clang";

/*
 * -g is needed for CO-RE; -gembed-source (DWARF 5) puts the source text in the
 * debug info, so the BPF backend takes BTF line info from it instead of
 * opening the virtual path on the real disk.
 */
static const char *const cc_flags[] = {
	"--target=bpfel", "-mcpu=v3", "-O2", "-g", "-gdwarf-5", "-gembed-source",
	"-Xclang", "-disable-llvm-passes", "-fdebug-compilation-dir=" TPC_CC_COMPDIR,
	"-D__TARGET_ARCH_x86", "-nostdinc", "-I/tpc/include", "--no-default-config",
	"-Wall", "-fno-color-diagnostics", "-fmessage-length=0",
};

static char *dup_diag(const std::string &s)
{
	if (s.empty())
		return nullptr;
	return strdup(s.c_str());
}

static int serve_files(llvm::vfs::InMemoryFileSystem &fs, const struct tpc_cc_opts *opts)
{
	/* getMemBufferCopy NUL-terminates, which clang's lexer relies on. */
	if (!fs.addFile(opts->vpath, 0, llvm::MemoryBuffer::getMemBufferCopy(
			llvm::StringRef(opts->src, opts->src_len), opts->vpath)))
		return -EINVAL;
	for (size_t i = 0; i < opts->n_headers; i++) {
		const struct tpc_vfile *h = &opts->headers[i];

		if (!h->path || h->path[0] != '/')
			return -EINVAL;
		if (!fs.addFile(h->path, 0, llvm::MemoryBuffer::getMemBufferCopy(
				llvm::StringRef(h->data, h->len), h->path)))
			return -EINVAL;
	}
	return 0;
}

/* Our command line -> cc1 arguments, through the real driver. */
static std::shared_ptr<clang::CompilerInvocation>
make_invocation(const char *vpath, clang::DiagnosticsEngine &diags,
		llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> fs)
{
	std::vector<const char *> args = { driver_path };

	args.insert(args.end(), std::begin(cc_flags), std::end(cc_flags));
	args.push_back("-c");
	args.push_back(vpath);

	clang::driver::Driver drv(driver_path, "bpfel", diags, "tpc", fs);
	drv.setCheckInputsExist(false);
	std::unique_ptr<clang::driver::Compilation> c(drv.BuildCompilation(args));
	if (!c || diags.hasErrorOccurred())
		return nullptr;

	const clang::driver::JobList &jobs = c->getJobs();
	if (jobs.size() != 1 || !llvm::isa<clang::driver::Command>(*jobs.begin()))
		return nullptr;
	const clang::driver::Command &cmd = llvm::cast<clang::driver::Command>(*jobs.begin());
	const llvm::opt::ArgStringList &cc1 = cmd.getArguments();
	if (strcmp(cmd.getCreator().getName(), "clang") || cc1.empty() ||
	    strcmp(cc1[0], "-cc1"))
		return nullptr;

	auto inv = std::make_shared<clang::CompilerInvocation>();
	if (!clang::CompilerInvocation::CreateFromArgs(*inv, llvm::ArrayRef(cc1).drop_front(),
						       diags, driver_path))
		return nullptr;
	return inv;
}

extern "C" int tpc_cc_frontend(LLVMContextRef ctx, const struct tpc_cc_opts *opts,
			       LLVMModuleRef *mod, char **diag)
{
	std::string diag_text;
	llvm::raw_string_ostream diag_os(diag_text);
	int err = 0;

	*mod = nullptr;
	*diag = nullptr;
	if (!opts->vpath || opts->vpath[0] != '/' || (!opts->src && opts->src_len))
		return -EINVAL;

	llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> fs(
		new llvm::vfs::InMemoryFileSystem());
	fs->setCurrentWorkingDirectory(TPC_CC_COMPDIR);
	err = serve_files(*fs, opts);
	if (err)
		return err;

	/* Driver errors (bad flags) would be our bug, but report them as text too. */
	llvm::IntrusiveRefCntPtr<clang::DiagnosticOptions> drv_diag_opts(
		new clang::DiagnosticOptions());
	clang::TextDiagnosticPrinter drv_printer(diag_os, drv_diag_opts.get());
	clang::DiagnosticsEngine drv_diags(
		llvm::IntrusiveRefCntPtr<clang::DiagnosticIDs>(new clang::DiagnosticIDs()),
		drv_diag_opts, &drv_printer, false);

	std::shared_ptr<clang::CompilerInvocation> inv = make_invocation(opts->vpath, drv_diags, fs);
	if (!inv) {
		diag_os << "internal compiler error: clang driver rejected the command line\n";
		*diag = dup_diag(diag_os.str());
		return -EINVAL;
	}

	clang::CompilerInstance ci;
	ci.setInvocation(inv);
	/* The driver's -disable-free would leak the whole AST on every compile. */
	ci.getFrontendOpts().DisableFree = false;
	/* Printed with the invocation's options (-Wall, no colours, no wrapping). */
	ci.createDiagnostics(new clang::TextDiagnosticPrinter(diag_os, &ci.getDiagnosticOpts()));
	/* Drop "N errors generated.": the caller counts and words errors itself. */
	ci.setVerboseOutputStream(llvm::nulls());
	ci.createFileManager(fs);
	ci.createSourceManager(ci.getFileManager());

	clang::EmitLLVMOnlyAction act(llvm::unwrap(ctx));
	bool ok = ci.ExecuteAction(act);
	std::unique_ptr<llvm::Module> m = act.takeModule();

	if (!ok || !m || ci.getDiagnostics().hasErrorOccurred()) {
		err = -EINVAL;
	} else {
		*mod = llvm::wrap(m.release());
	}
	*diag = dup_diag(diag_os.str());
	if (err == -EINVAL && !*diag)
		*diag = strdup("error: clang failed without a diagnostic\n");
	return err;
}
