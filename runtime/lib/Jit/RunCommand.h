// Runs a program without a shell and captures its combined output.
#pragma once

#include <string>
#include <vector>

namespace ttemu {

struct CommandResult {
  int exitCode = -1;
  std::string output;
};

CommandResult runCommand(const std::vector<std::string> &argv);

} // namespace ttemu
