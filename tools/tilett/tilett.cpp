//===- tilett.cpp - The tilett command-line driver ------------------------===//
//
// `tilett compile` (TileLang script or .mlir -> TT-Metalium program
// directory) and `tilett check-plan` (validate a tt.plan.json). `tilett run`
// and `tilett compile --tune` need the emulator: they are `tilett-run`'s,
// exec'd from this binary's directory with the same arguments, so that this
// binary links no emulator (docs/tenstorrent/TT_ARCHITECTURE.md, "Layout").
// The work is done in libraries; this file parses options and turns
// failures into messages and exit codes: 0 success, 1 the input or plan is
// wrong, 2 the command line is.
//
//===----------------------------------------------------------------------===//

#include "Driver.h"

#include "tilett/Support/OutputDirectory.h"
#include "tilett/Target/Metalium/PlanJSON.h"
#include "tilett/Target/Metalium/RuntimePlan.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cerrno>
#include <cstring>
#include <unistd.h>

using namespace llvm;
using namespace mlir;
using namespace mlir::tilett;
using namespace mlir::tilett::driver;

namespace {
cl::SubCommand checkPlanCmd("check-plan",
                            "Validate a tt.plan.json (tilett's or the "
                            "original TileLang-TT backend's)");
cl::opt<std::string> planFile(cl::Positional, cl::desc("<tt.plan.json>"),
                              cl::Required, cl::sub(checkPlanCmd));

/// Replaces this process by `tilett-run` from this binary's directory,
/// with the same arguments (argv[0] kept, so messages still say `tilett`).
/// Returns only when that fails, with the exit code to report.
int execRunner(char **argv, StringRef what) {
  std::string self =
      sys::fs::getMainExecutable(argv[0], reinterpret_cast<void *>(&execRunner));
  SmallString<256> runner(sys::path::parent_path(self));
  sys::path::append(runner, "tilett-run");
  outs().flush();
  errs().flush();
  execv(runner.c_str(), argv);
  int error = errno;
  errs() << "tilett: error: " << what << " needs the emulator harness '"
         << runner << "'";
  if (error == ENOENT)
    errs() << ", which is not built (configure with "
              "-DTILETT_BUILD_RUNTIME=ON)\n";
  else
    errs() << ": " << std::strerror(error) << "\n";
  return ExitUsage;
}

int checkPlanCommand() {
  ErrorOr<std::unique_ptr<MemoryBuffer>> buffer =
      MemoryBuffer::getFileOrSTDIN(planFile);
  if (!buffer) {
    errs() << "tilett: error: cannot read '" << planFile
           << "': " << buffer.getError().message() << "\n";
    return ExitUsage;
  }
  Expected<json::Value> plan = parsePlanJSON((*buffer)->getBuffer());
  if (!plan) {
    errs() << planFile << ": error: " << toString(plan.takeError()) << "\n";
    return ExitFailed;
  }
  std::vector<std::string> errors = validateRuntimePlan(*plan);
  for (const std::string &error : errors)
    errs() << planFile << ": error: " << error << "\n";
  if (!errors.empty())
    return ExitFailed;
  outs() << planFile << ": valid\n";
  return ExitOk;
}
} // namespace

int main(int argc, char **argv) {
  // `run` is the harness's from its first argument on (its options are
  // declared there, not here).
  if (argc > 1 && StringRef(argv[1]) == "run")
    return execRunner(argv, "`tilett run`");
  InitLLVM init(argc, argv);
  // Past `ulimit -f`, writes fail with EFBIG and are reported with the path.
  ignoreFileSizeSignal();
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "tilett " << TILETT_VERSION << "\n";
  });
  registerMLIROptions();
  if (!cl::ParseCommandLineOptions(argc, argv, kOverview, &errs()))
    return ExitUsage;

  if (compileCmd) {
    // --tune times candidates on the emulator; the harness compiles too.
    if (tune)
      return execRunner(argv, "--tune");
    std::unique_ptr<MLIRContext> ctx = createContext();
    return compileCommand(*ctx, [](const metalium::CompileOptions &) {
      return std::optional<Schedule>();
    });
  }
  if (checkPlanCmd)
    return checkPlanCommand();
  errs() << "tilett: error: expected a subcommand: compile, check-plan or run "
            "(see tilett --help)\n";
  return ExitUsage;
}
