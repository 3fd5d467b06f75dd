// Program: the kernels, circular buffers, semaphores and runtime arguments
// that one launch runs on a set of cores.
#pragma once

#include <memory>

namespace ttemu {
struct ProgramState;
} // namespace ttemu

namespace tt::tt_metal {

class Program {
public:
  Program();
  ~Program();
  Program(Program &&) noexcept;
  Program &operator=(Program &&) noexcept;
  Program(const Program &) = delete;
  Program &operator=(const Program &) = delete;

  /// Emulator internals.
  ttemu::ProgramState &emuState() const { return *state_; }

private:
  std::unique_ptr<ttemu::ProgramState> state_;
};

inline Program CreateProgram() { return Program(); }
/// Older name of CreateProgram.
inline Program CreateScopedProgram() { return Program(); }

} // namespace tt::tt_metal
