// DPRINT: kernel debug printing to stdout, one line per ENDL(), prefixed
// with the core and processor ("0:(x=0,y=0):BR: ...").
#pragma once

#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>
#include <type_traits>

#include <ttemu/kernel_abi.h>

namespace ttemu::abi {
// The calling processor's DPRINT stream and TRISC role (defined by the
// emulator, kept per processor: processors take turns on one host thread,
// so a thread_local here would mix their partial lines and flags).
std::ostringstream &dprintStream();
int &dprintTriscRole();
} // namespace ttemu::abi

namespace ttemu::dprint {
struct EndLine {};
struct SetW { int w; };
struct SetPrecision { int p; };
struct Hex {};
struct Dec {};
struct Oct {};
struct Fixed {};
struct DefaultFloat {};

/// tt-metal's typed DPRINT wrappers (U32(x), F32(x), BF16(bits), ...): they
/// fix how a value prints regardless of the expression's own type.
template <typename T, int Kind = 0> struct Typed {
  T val;
};
} // namespace ttemu::dprint

#define TTEMU_DPRINT_TYPED(Name, T)                                           \
  inline ::ttemu::dprint::Typed<T> Name(T v) { return {v}; }
TTEMU_DPRINT_TYPED(U8, uint8_t)
TTEMU_DPRINT_TYPED(I8, int8_t)
TTEMU_DPRINT_TYPED(U16, uint16_t)
TTEMU_DPRINT_TYPED(I16, int16_t)
TTEMU_DPRINT_TYPED(U32, uint32_t)
TTEMU_DPRINT_TYPED(I32, int32_t)
TTEMU_DPRINT_TYPED(U64, uint64_t)
TTEMU_DPRINT_TYPED(I64, int64_t)
TTEMU_DPRINT_TYPED(F32, float)
TTEMU_DPRINT_TYPED(F64, double)
#undef TTEMU_DPRINT_TYPED
/// A bfloat16 given by its bits, printed as the float it denotes.
inline ::ttemu::dprint::Typed<uint16_t, 1> BF16(uint16_t bits) { return {bits}; }

namespace ttemu::dprint {
/// Formats into a per-processor stream; ENDL() hands the line to the emulator.
class Printer {
public:
  template <typename T> Printer &operator<<(const T &v) {
    if constexpr (requires { v.printTo(*this); })
      v.printTo(*this); // TSLICE and other composite values
    else if constexpr (std::is_same_v<T, uint8_t> || std::is_same_v<T, int8_t>)
      stream() << static_cast<int>(v);
    else
      stream() << v;
    if constexpr (std::is_convertible_v<const T &, const char *> ||
                  std::is_same_v<T, char> || std::is_same_v<T, std::string>)
      flushLines();
    return *this;
  }
  template <typename T, int Kind>
  Printer &operator<<(const Typed<T, Kind> &v) {
    if constexpr (Kind == 1) {
      uint32_t bits = uint32_t(v.val) << 16;
      float f;
      __builtin_memcpy(&f, &bits, sizeof f);
      stream() << f;
    } else if constexpr (sizeof(T) == 1) {
      stream() << static_cast<int>(v.val);
    } else {
      stream() << v.val;
    }
    return *this;
  }
  Printer &operator<<(const EndLine &) {
    ::ttemu::abi::dprint(stream().str());
    ::ttemu::abi::dprintEndLine();
    stream().str({});
    return *this;
  }
  Printer &operator<<(const SetW &m) {
    stream() << std::setw(m.w);
    return *this;
  }
  Printer &operator<<(const SetPrecision &m) {
    stream() << std::setprecision(m.p);
    return *this;
  }
  Printer &operator<<(const Hex &) {
    stream() << std::hex;
    return *this;
  }
  Printer &operator<<(const Dec &) {
    stream() << std::dec;
    return *this;
  }
  Printer &operator<<(const Oct &) {
    stream() << std::oct;
    return *this;
  }
  Printer &operator<<(const Fixed &) {
    stream() << std::fixed;
    return *this;
  }
  Printer &operator<<(const DefaultFloat &) {
    stream() << std::defaultfloat;
    return *this;
  }

private:
  /// A "\n" in printed text ends a line as ENDL() does (the device's print
  /// server writes the characters as they come).
  static void flushLines() {
    std::string text = stream().str();
    size_t start = 0;
    for (size_t nl; (nl = text.find('\n', start)) != std::string::npos;
         start = nl + 1) {
      ::ttemu::abi::dprint(text.substr(start, nl - start));
      ::ttemu::abi::dprintEndLine();
    }
    if (start > 0)
      stream().str(text.substr(start));
    if (start > 0)
      stream().seekp(0, std::ios_base::end);
  }
  static std::ostringstream &stream() { return ::ttemu::abi::dprintStream(); }
};
} // namespace ttemu::dprint

inline ttemu::dprint::EndLine ENDL() { return {}; }
inline ttemu::dprint::SetW SETW(int w) { return {w}; }
inline ttemu::dprint::SetPrecision SETPRECISION(int p) { return {p}; }
inline ttemu::dprint::Hex HEX() { return {}; }
inline ttemu::dprint::Dec DEC() { return {}; }
inline ttemu::dprint::Oct OCT() { return {}; }
inline ttemu::dprint::Fixed FIXED() { return {}; }
inline ttemu::dprint::DefaultFloat DEFAULTFLOAT() { return {}; }

#define DPRINT (::ttemu::dprint::Printer())

namespace ttemu::dprint {
/// Which TRISC a DPRINT_UNPACK / _MATH / _PACK block speaks for (0, 1, 2;
/// -1 outside them), so that TSLICE takes the pointer that TRISC would.
inline int &triscRoleSlot() { return ::ttemu::abi::dprintTriscRole(); }
inline int triscRole() { return triscRoleSlot(); }
struct TriscRoleScope {
  int previous;
  explicit TriscRoleScope(int role) : previous(triscRoleSlot()) {
    triscRoleSlot() = role;
  }
  ~TriscRoleScope() { triscRoleSlot() = previous; }
};
} // namespace ttemu::dprint

// On the device each of these runs on one RISC-V; the emulator runs the
// compute kernel once, so each executes its argument once.
#define DPRINT_UNPACK(x)                                                       \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(0);                      \
    x;                                                                         \
  } while (0)
#define DPRINT_MATH(x)                                                         \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(1);                      \
    x;                                                                         \
  } while (0)
#define DPRINT_PACK(x)                                                         \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(2);                      \
    x;                                                                         \
  } while (0)
#if defined(COMPILE_FOR_BRISC)
#define DPRINT_DATA0(x) x
#define DPRINT_DATA1(x)
#elif defined(COMPILE_FOR_NCRISC)
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x) x
#else
#define DPRINT_DATA0(x)
#define DPRINT_DATA1(x)
#endif

#include "api/debug/dprint_format.h" // DPRINT("fmt", ...) and the variadic wrappers
