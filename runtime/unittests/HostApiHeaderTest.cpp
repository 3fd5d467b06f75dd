// host_api.hpp must be self-sufficient the way tt-metal's is: host programs
// that include only it (plus device/distributed) stream to std::cout/cerr.
// Keep this include first so nothing else provides <iostream>.
#include <tt-metalium/host_api.hpp>

#include <sstream>

#include <gtest/gtest.h>

TEST(HostApi, HostApiHeaderProvidesIostream) {
  std::ostream &out = std::cout;
  std::ostream &err = std::cerr;
  EXPECT_TRUE(out.good());
  EXPECT_TRUE(err.good());
}
