# lit configuration for tilett's FileCheck tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "TILETT"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".py", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "Inputs", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.tilett_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%tilett_src_root", config.tilett_src_root))
config.substitutions.append(("%tilett_obj_root", config.tilett_obj_root))
config.substitutions.append(("%host_cxx", config.host_cxx))

llvm_config.with_system_environment(["HOME", "TMPDIR", "TT_EMU_CACHE_DIR"])
llvm_config.use_default_substitutions()

tool_dirs = [config.tilett_tools_dir, config.llvm_tools_dir]
tools = ["tilett-opt", "tilett", "tilett-translate", "FileCheck", "not", "count", "split-file"]
llvm_config.add_tool_substitutions(tools, tool_dirs)
llvm_config.with_environment("PATH", config.tilett_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
