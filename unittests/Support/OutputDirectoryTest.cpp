//===- OutputDirectoryTest.cpp - Removing trees from a signal handler -----===//

#include "tilett/Support/OutputDirectory.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <fstream>
#include <string>

using namespace llvm;
namespace fs = llvm::sys::fs;

namespace {

std::string makeTree() {
  SmallString<128> root;
  EXPECT_FALSE(fs::createUniqueDirectory("tilett-remove-tree", root));
  return std::string(root);
}

void writeFile(const std::string &path) { std::ofstream(path) << "x"; }

/// A tree like an output directory: files, a per-kernel subdirectory with
/// more files than one getdents64 buffer lists, and an empty directory.
TEST(RemoveTreeInSignalHandler, RemovesNestedFilesAndDirectories) {
  std::string root = makeTree();
  writeFile(root + "/tt.plan.json");
  ASSERT_FALSE(fs::create_directories(root + "/gemm/empty"));
  for (int i = 0; i < 300; ++i)
    writeFile(root + "/gemm/file-with-a-long-name-" + std::to_string(i) +
              ".cpp");
  mlir::tilett::removeTreeInSignalHandler(root.c_str());
  EXPECT_FALSE(fs::exists(root));
}

/// A link in the tree is removed, not followed: what it points to stays.
TEST(RemoveTreeInSignalHandler, RemovesLinksWithoutFollowingThem) {
  std::string outside = makeTree();
  writeFile(outside + "/keep.txt");
  std::string root = makeTree();
  ASSERT_FALSE(fs::create_link(outside, root + "/link-to-dir"));
  ASSERT_FALSE(fs::create_link(outside + "/keep.txt", root + "/link-to-file"));
  mlir::tilett::removeTreeInSignalHandler(root.c_str());
  EXPECT_FALSE(fs::exists(root));
  EXPECT_TRUE(fs::exists(outside + "/keep.txt"));
  ASSERT_FALSE(fs::remove_directories(outside));
}

/// A path that is not a directory (or does not exist) is left alone.
TEST(RemoveTreeInSignalHandler, LeavesFilesAndMissingPathsAlone) {
  std::string root = makeTree();
  std::string file = root + "/plain.txt";
  writeFile(file);
  mlir::tilett::removeTreeInSignalHandler(file.c_str());
  EXPECT_TRUE(fs::exists(file));
  mlir::tilett::removeTreeInSignalHandler((root + "/missing").c_str());
  ASSERT_FALSE(fs::remove_directories(root));
}

} // namespace
