//===- HostMain.h - The generated host program's command line ---*- C++ -*-===//
//
// main() of host.cpp: its options, inputs from files or a seeded pattern,
// outputs to files or a one-line summary, around tilett_host::run
// (HostRuntime.h). Only the generated program uses this; `tilett run` passes
// tensors to run() directly.
//
//   host [--in NAME=FILE]... [--out NAME=FILE]... [--seed N] [--kernels DIR]
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_HOST_HOSTMAIN_H
#define TILETT_HOST_HOSTMAIN_H

#include "HostRuntime.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <iterator>
#include <random>

namespace tilett_host {

inline uint16_t floatToBf16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  u += 0x7fff + ((u >> 16) & 1); // round to nearest even
  return uint16_t(u >> 16);
}

inline uint16_t floatToF16(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  uint32_t sign = (u >> 16) & 0x8000;
  int32_t exp = int32_t((u >> 23) & 0xff) - 127 + 15;
  uint32_t mant = u & 0x7fffff;
  if (exp <= 0)
    return uint16_t(sign); // the seeded pattern has no f16 subnormals
  if (exp >= 31)
    return uint16_t(sign | 0x7c00);
  uint32_t h = sign | (uint32_t(exp) << 10) | (mant >> 13);
  uint32_t rest = mant & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (h & 1)))
    ++h;
  return uint16_t(h);
}

inline double elementValue(DType t, const uint8_t *p) {
  switch (t) {
  case DType::BF16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    uint32_t u = uint32_t(h) << 16;
    float f;
    std::memcpy(&f, &u, 4);
    return f;
  }
  case DType::F16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    int exp = (h >> 10) & 0x1f;
    double m = h & 0x3ff;
    double v = exp == 0 ? std::ldexp(m, -24) : std::ldexp(m + 1024, exp - 25);
    return (h & 0x8000) ? -v : v;
  }
  case DType::F32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::I32: {
    int32_t i;
    std::memcpy(&i, p, 4);
    return i;
  }
  }
  return 0;
}

/// Values in [-1, 1) (integers in [-8, 8)) from a seeded generator, so runs
/// are repeatable and a reference can recompute them.
inline std::vector<uint8_t> seededPattern(const Buffer &b, uint32_t seed) {
  uint32_t eb = info(b.dtype).bytes;
  std::vector<uint8_t> out(product(b.shape) * eb);
  std::mt19937 gen(seed);
  std::uniform_real_distribution<float> real(-1.0f, 1.0f);
  std::uniform_int_distribution<int32_t> integer(-8, 7);
  for (uint64_t i = 0, e = product(b.shape); i < e; ++i) {
    uint8_t *p = &out[i * eb];
    if (b.dtype == DType::BF16) {
      uint16_t h = floatToBf16(real(gen));
      std::memcpy(p, &h, 2);
    } else if (b.dtype == DType::F16) {
      uint16_t h = floatToF16(real(gen));
      std::memcpy(p, &h, 2);
    } else if (b.dtype == DType::F32) {
      float f = real(gen);
      std::memcpy(p, &f, 4);
    } else {
      int32_t v = integer(gen);
      std::memcpy(p, &v, 4);
    }
  }
  return out;
}

struct Options {
  std::map<std::string, std::string> inputs, outputs;
  uint32_t seed = 0;
  std::string kernelDir;
};

inline std::string defaultKernelDir(const char *argv0) {
#ifdef TILETT_KERNEL_DIR
  (void)argv0;
  return TILETT_KERNEL_DIR;
#else
  std::string self = argv0;
  size_t slash = self.find_last_of('/');
  return slash == std::string::npos ? "." : self.substr(0, slash);
#endif
}

inline void usage(const char *argv0) {
  std::fprintf(stderr,
               "usage: %s [--in NAME=FILE]... [--out NAME=FILE]... "
               "[--seed N] [--kernels DIR]\n"
               "  FILE holds the buffer's logical shape, row-major, raw "
               "little-endian values of its dtype.\n"
               "  Inputs without --in get a seeded pattern; outputs without "
               "--out are summarised on stdout.\n",
               argv0);
}

/// False after printing why on stderr.
inline bool parseOptions(int argc, char **argv, Options &opts) {
  opts.kernelDir = defaultKernelDir(argv[0]);
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](std::string &out) {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "error: %s needs a value\n", arg.c_str());
        return false;
      }
      out = argv[++i];
      return true;
    };
    std::string v;
    if (arg == "--help" || arg == "-h") {
      usage(argv[0]);
      std::exit(0);
    } else if (arg == "--in" || arg == "--out") {
      if (!value(v))
        return false;
      size_t eq = v.find('=');
      if (eq == std::string::npos || eq == 0) {
        std::fprintf(stderr, "error: %s expects NAME=FILE but got '%s'\n",
                     arg.c_str(), v.c_str());
        return false;
      }
      (arg == "--in" ? opts.inputs : opts.outputs)[v.substr(0, eq)] =
          v.substr(eq + 1);
    } else if (arg == "--seed") {
      if (!value(v))
        return false;
      opts.seed = uint32_t(std::strtoul(v.c_str(), nullptr, 10));
    } else if (arg == "--kernels") {
      if (!value(opts.kernelDir))
        return false;
    } else {
      std::fprintf(stderr, "error: unknown argument '%s'\n", arg.c_str());
      usage(argv[0]);
      return false;
    }
  }
  return true;
}

/// An input's file (--in) or, without one, the seeded pattern; the seed is
/// offset by the buffer's index so inputs differ.
inline std::string readInput(const Buffer &b, const Options &opts,
                             size_t index, std::vector<uint8_t> &logical) {
  // Filled here, so run() never reads past a short file.
  auto it = opts.inputs.find(b.name);
  if (it == opts.inputs.end()) {
    logical = seededPattern(b, opts.seed + uint32_t(index));
    return "";
  }
  std::ifstream in(it->second, std::ios::binary);
  if (!in)
    return "cannot read input " + b.name + " from '" + it->second +
           "': " + std::strerror(errno);
  logical.assign(std::istreambuf_iterator<char>(in), {});
  uint64_t want = product(b.shape) * info(b.dtype).bytes;
  if (logical.size() != want)
    return "input " + b.name + " ('" + it->second + "') holds " +
           std::to_string(logical.size()) + " bytes but expected " +
           std::to_string(want);
  return "";
}

/// An output to its file (--out) or summarised on stdout.
inline std::string writeOutput(const Buffer &b, const Options &opts,
                               const std::vector<uint8_t> &logical) {
  auto it = opts.outputs.find(b.name);
  if (it != opts.outputs.end()) {
    std::ofstream out(it->second, std::ios::binary);
    out.write(reinterpret_cast<const char *>(logical.data()), logical.size());
    if (!out)
      return "cannot write output " + b.name + " to '" + it->second +
             "': " + std::strerror(errno);
    return "";
  }
  uint32_t eb = info(b.dtype).bytes;
  uint64_t n = product(b.shape);
  double sum = 0;
  for (uint64_t i = 0; i < n; ++i)
    sum += elementValue(b.dtype, &logical[i * eb]);
  std::printf("%s: %llu elements, sum %.6g, first %.6g\n", b.name.c_str(),
              (unsigned long long)n, sum,
              n ? elementValue(b.dtype, logical.data()) : 0.0);
  return "";
}

/// The whole program: 0 on success, 1 on a run error, 2 on a usage error.
inline int hostMain(const Plan &plan, int argc, char **argv) {
  Options opts;
  if (!parseOptions(argc, argv, opts))
    return 2;
  Io io;
  io.input = [&](size_t i, std::vector<uint8_t> &storage,
                 const uint8_t *&logical) {
    std::string error = readInput(plan.buffers[i], opts, i, storage);
    logical = storage.data();
    return error;
  };
  io.output = [&](size_t i, std::vector<uint8_t> &&logical) {
    return writeOutput(plan.buffers[i], opts, logical);
  };
  std::string error;
  try {
    error = run(plan, opts.kernelDir, io);
  } catch (const std::exception &e) {
    error = e.what();
  }
  if (error.empty())
    return 0;
  std::fprintf(stderr, "error: %s: %s\n", plan.kernel.c_str(), error.c_str());
  return 1;
}

} // namespace tilett_host

#endif // TILETT_HOST_HOSTMAIN_H
