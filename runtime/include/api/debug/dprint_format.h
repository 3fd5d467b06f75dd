// The newest DPRINT form, a format string and arguments:
//
//   DPRINT("core ({},{}): {:#x}\n", x, y, addr);
//   DPRINT_DATA0("{}\n", TileSlice(cb, 0, sr, TSLICE_INPUT_CB, TSLICE_WR_PTR, true, false));
//
// next to the stream form (DPRINT << a << ENDL()), which keeps working: DPRINT
// is an object both can use. The format follows tt-metal's (fmtlib's
// syntax): "{}" takes the next argument, "{N}" argument N (the two kinds do
// not mix), "{{" / "}}" are braces, and ":spec" is
// [[fill]align][sign][#][0][width][.precision][type] with types d x X o b c
// for integers and f F e E g G for floats; a float without a type prints the
// shortest text that reads back the same value, as fmt does. As on the
// device, a malformed format or a placeholder count that does not match the
// arguments does not compile. Each '\n' ends a line of the prefixed output
// (dprint.h). Included at the end of dprint.h, whose macros it extends.
#pragma once

#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include "api/debug/dprint.h"

namespace ttemu::dprint::format {

/// What a format string asks for, checked at compile time.
struct Shape {
  bool ok = true;
  bool indexed = false, sequential = false;
  std::size_t placeholders = 0, maxIndex = 0;
};

constexpr Shape shapeOf(std::string_view f) {
  Shape s;
  for (std::size_t i = 0; i < f.size(); ++i) {
    if (f[i] == '}') {
      if (i + 1 < f.size() && f[i + 1] == '}') {
        ++i;
        continue;
      }
      s.ok = false; // a lone '}'
      return s;
    }
    if (f[i] != '{')
      continue;
    if (i + 1 < f.size() && f[i + 1] == '{') {
      ++i;
      continue;
    }
    std::size_t j = i + 1, index = 0;
    bool digits = false;
    while (j < f.size() && f[j] >= '0' && f[j] <= '9') {
      index = index * 10 + std::size_t(f[j] - '0');
      digits = true;
      ++j;
    }
    if (j < f.size() && f[j] == ':')
      while (j < f.size() && f[j] != '}' && f[j] != '{')
        ++j;
    if (j >= f.size() || f[j] != '}') {
      s.ok = false;
      return s;
    }
    ++s.placeholders;
    if (digits) {
      s.indexed = true;
      s.maxIndex = index > s.maxIndex ? index : s.maxIndex;
    } else {
      s.sequential = true;
    }
    i = j;
  }
  if (s.indexed && s.sequential)
    s.ok = false;
  return s;
}

// Called only when a check fails, so that the consteval constructor below
// stops compiling with this name in the diagnostic.
void invalid_DPRINT_format_string_or_argument_count();

/// A format string whose placeholders fit `N` arguments (std::format_string's
/// idea: the check runs in the constructor, at compile time).
template <std::size_t N> struct Checked {
  const char *text;
  template <std::size_t M>
  consteval Checked(const char (&f)[M]) : text(f) {
    Shape s = shapeOf(std::string_view(f, M - 1));
    bool fits = s.indexed ? s.maxIndex < N : s.placeholders == N;
    if (!s.ok || !fits)
      invalid_DPRINT_format_string_or_argument_count();
  }
};

/// A parsed ":spec".
struct Spec {
  char fill = ' ', align = 0, sign = '-', type = 0;
  bool alternate = false, zero = false;
  int width = -1, precision = -1;
};

inline Spec parseSpec(std::string_view s) {
  Spec p;
  std::size_t i = 0;
  auto isAlign = [](char c) { return c == '<' || c == '>' || c == '^'; };
  if (s.size() >= 2 && isAlign(s[1])) {
    p.fill = s[0], p.align = s[1], i = 2;
  } else if (!s.empty() && isAlign(s[0])) {
    p.align = s[0], i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
    p.sign = s[i++];
  if (i < s.size() && s[i] == '#')
    p.alternate = true, ++i;
  if (i < s.size() && s[i] == '0')
    p.zero = true, ++i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9')
    p.width = (p.width < 0 ? 0 : p.width * 10) + (s[i++] - '0');
  if (i < s.size() && s[i] == '.') {
    p.precision = 0;
    for (++i; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i)
      p.precision = p.precision * 10 + (s[i] - '0');
  }
  if (i < s.size())
    p.type = s[i];
  return p;
}

/// Pads `body` (after its sign/prefix `head`) to the spec's width.
inline std::string pad(const Spec &p, std::string head, std::string body,
                       bool numeric) {
  std::size_t len = head.size() + body.size();
  if (p.width < 0 || len >= std::size_t(p.width))
    return head + body;
  std::size_t n = std::size_t(p.width) - len;
  if (numeric && p.zero && !p.align)
    return head + std::string(n, '0') + body;
  char align = p.align ? p.align : (numeric ? '>' : '<');
  if (align == '<')
    return head + body + std::string(n, p.fill);
  if (align == '>')
    return std::string(n, p.fill) + head + body;
  return std::string(n / 2, p.fill) + head + body +
         std::string(n - n / 2, p.fill);
}

template <typename T> std::string integer(const Spec &p, T v) {
  if (p.type == 'c')
    return pad(p, "", std::string(1, char(v)), false);
  using U = std::make_unsigned_t<T>;
  bool negative = std::is_signed_v<T> && v < 0;
  U magnitude = negative ? U(0) - U(v) : U(v);
  int base = 10;
  std::string prefix;
  switch (p.type) {
  case 'x': case 'X': base = 16, prefix = p.type == 'x' ? "0x" : "0X"; break;
  case 'o': base = 8, prefix = "0"; break;
  case 'b': case 'B': base = 2, prefix = p.type == 'b' ? "0b" : "0B"; break;
  default: break;
  }
  char buf[72];
  auto end = std::to_chars(buf, buf + sizeof buf, magnitude, base).ptr;
  std::string digits(buf, end);
  if (p.type == 'X')
    for (char &c : digits)
      c = char(c >= 'a' && c <= 'f' ? c - 'a' + 'A' : c);
  std::string head = negative ? "-" : p.sign == '+' ? "+" : p.sign == ' ' ? " " : "";
  if (p.alternate && base != 10 && !(base == 8 && magnitude == 0))
    head += prefix;
  return pad(p, head, digits, true);
}

template <typename T> std::string floating(const Spec &p, T v) {
  char buf[128];
  bool negative = v < 0 || (v == 0 && std::signbit(v));
  T magnitude = negative ? -v : v;
  std::to_chars_result r;
  switch (p.type) {
  case 'f': case 'F':
    r = std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::fixed,
                      p.precision < 0 ? 6 : p.precision);
    break;
  case 'e': case 'E':
    r = std::to_chars(buf, buf + sizeof buf, magnitude,
                      std::chars_format::scientific, p.precision < 0 ? 6 : p.precision);
    break;
  case 'g': case 'G':
    r = std::to_chars(buf, buf + sizeof buf, magnitude, std::chars_format::general,
                      p.precision < 0 ? 6 : p.precision);
    break;
  default: // fmt's default: shortest round trip, or general at a precision
    r = p.precision < 0
            ? std::to_chars(buf, buf + sizeof buf, magnitude)
            : std::to_chars(buf, buf + sizeof buf, magnitude,
                            std::chars_format::general, p.precision);
    break;
  }
  std::string body(buf, r.ptr);
  if (p.type == 'F' || p.type == 'E' || p.type == 'G')
    for (char &c : body)
      c = char(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  std::string head = negative ? "-" : p.sign == '+' ? "+" : p.sign == ' ' ? " " : "";
  return pad(p, head, body, true);
}

/// One argument into the printer: numbers, text and pointers as fmt would
/// show them; anything else (TileSlice, ...) through the stream form.
template <typename T> void put(Printer &out, std::string_view specText, const T &v) {
  Spec p = parseSpec(specText);
  if constexpr (std::is_same_v<T, bool>) {
    out << pad(p, "", v ? "true" : "false", false);
  } else if constexpr (std::is_same_v<T, char>) {
    out << (p.type && p.type != 'c' ? integer(p, int(v)) : pad(p, "", std::string(1, v), false));
  } else if constexpr (std::is_integral_v<T>) {
    out << integer(p, v);
  } else if constexpr (std::is_enum_v<T>) {
    out << integer(p, std::underlying_type_t<T>(v));
  } else if constexpr (std::is_floating_point_v<T>) {
    out << floating(p, v);
  } else if constexpr (std::is_convertible_v<const T &, std::string_view>) {
    out << pad(p, "", std::string(std::string_view(v)), false);
  } else if constexpr (std::is_pointer_v<T>) {
    Spec hex = p;
    hex.type = 'x', hex.alternate = true;
    out << integer(hex, uintptr_t(v));
  } else if constexpr (requires { v.val; }) {
    // The typed wrappers U32(x), F32(x), BF16(bits) ...
    if constexpr (std::is_same_v<T, Typed<uint16_t, 1>>) {
      uint32_t bits = uint32_t(v.val) << 16;
      float f;
      __builtin_memcpy(&f, &bits, sizeof f);
      out << floating(p, f);
    } else {
      put(out, specText, v.val);
    }
  } else {
    out << v;
  }
}

template <typename... A>
void print(Printer &out, std::string_view f, const A &...args) {
  std::string text;
  std::size_t next = 0;
  auto flush = [&] {
    if (!text.empty())
      out << text; // a "\n" in it ends the line (dprint.h)
    text.clear();
  };
  for (std::size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if ((c == '{' || c == '}') && i + 1 < f.size() && f[i + 1] == c) {
      text += c;
      ++i;
      continue;
    }
    if (c != '{') {
      text += c;
      continue;
    }
    std::size_t j = i + 1, index = 0;
    bool digits = false;
    for (; f[j] >= '0' && f[j] <= '9'; ++j)
      index = index * 10 + std::size_t(f[j] - '0'), digits = true;
    std::string_view spec;
    if (f[j] == ':') {
      std::size_t close = f.find('}', j);
      spec = f.substr(j + 1, close - j - 1);
      j = close;
    }
    if (!digits)
      index = next++;
    flush();
    std::size_t k = 0;
    ((k++ == index ? put(out, spec, args) : void()), ...);
    i = j;
  }
  flush();
}

/// The text of a string literal as the compiler would give it, from its
/// spelling (#x): escapes resolved, adjacent literals joined.
inline std::string literalText(std::string_view spelled) {
  std::string out;
  bool inside = false;
  for (std::size_t i = 0; i < spelled.size(); ++i) {
    char c = spelled[i];
    if (!inside) {
      inside = c == '"';
      continue;
    }
    if (c == '"') {
      inside = false;
    } else if (c == '\\' && i + 1 < spelled.size()) {
      char e = spelled[++i];
      out += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e == '0' ? '\0' : e;
    } else {
      out += c;
    }
  }
  return out;
}

constexpr bool isLiteral(std::string_view spelled) {
  return !spelled.empty() && spelled.front() == '"';
}

} // namespace ttemu::dprint::format

namespace ttemu::dprint {
/// What DPRINT names: the stream form's printer, also callable with a
/// format string.
struct FormatPrinter : Printer {
  template <typename... A>
  void operator()(format::Checked<sizeof...(A)> f, const A &...args) {
    format::print(*this, f.text, args...);
  }
};
} // namespace ttemu::dprint

#undef DPRINT
#define DPRINT ::ttemu::dprint::FormatPrinter()

// The per-processor wrappers take either one statement or expression (the
// stream form, `DPRINT_PACK({ DPRINT << x << ENDL(); })`) or a format and its
// arguments. A lone argument that is a string literal is a format without
// arguments (`DPRINT_DATA0("done\n")`).
#define TTEMU_DPRINT_NTH(_1, _2, _3, _4, _5, _6, _7, _8, _9, _10, _11, _12,   \
                         _13, _14, _15, _16, N, ...)                           \
  N
#define TTEMU_DPRINT_KIND(...)                                                 \
  TTEMU_DPRINT_NTH(__VA_ARGS__, FMT, FMT, FMT, FMT, FMT, FMT, FMT, FMT, FMT,   \
                   FMT, FMT, FMT, FMT, FMT, FMT, ONE, )
#define TTEMU_DPRINT_CAT(a, b) TTEMU_DPRINT_CAT_(a, b)
#define TTEMU_DPRINT_CAT_(a, b) a##b
#define TTEMU_DPRINT_BODY_ONE(x)                                               \
  if constexpr (::ttemu::dprint::format::isLiteral(#x))                        \
    ::ttemu::dprint::FormatPrinter() << ::ttemu::dprint::format::literalText(#x); \
  else {                                                                       \
    x;                                                                         \
  }
#define TTEMU_DPRINT_BODY_FMT(...) DPRINT(__VA_ARGS__);
#define TTEMU_DPRINT_BODY(...)                                                 \
  TTEMU_DPRINT_CAT(TTEMU_DPRINT_BODY_, TTEMU_DPRINT_KIND(__VA_ARGS__))(__VA_ARGS__)

#undef DPRINT_UNPACK
#undef DPRINT_MATH
#undef DPRINT_PACK
#define DPRINT_UNPACK(...)                                                     \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(0);                      \
    TTEMU_DPRINT_BODY(__VA_ARGS__)                                             \
  } while (0)
#define DPRINT_MATH(...)                                                       \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(1);                      \
    TTEMU_DPRINT_BODY(__VA_ARGS__)                                             \
  } while (0)
#define DPRINT_PACK(...)                                                       \
  do {                                                                         \
    ::ttemu::dprint::TriscRoleScope ttemu_trisc_role_(2);                      \
    TTEMU_DPRINT_BODY(__VA_ARGS__)                                             \
  } while (0)

#undef DPRINT_DATA0
#undef DPRINT_DATA1
#if defined(COMPILE_FOR_BRISC)
#define DPRINT_DATA0(...)                                                      \
  do {                                                                         \
    TTEMU_DPRINT_BODY(__VA_ARGS__)                                             \
  } while (0)
#define DPRINT_DATA1(...) do {} while (0)
#elif defined(COMPILE_FOR_NCRISC)
#define DPRINT_DATA0(...) do {} while (0)
#define DPRINT_DATA1(...)                                                      \
  do {                                                                         \
    TTEMU_DPRINT_BODY(__VA_ARGS__)                                             \
  } while (0)
#else
#define DPRINT_DATA0(...) do {} while (0)
#define DPRINT_DATA1(...) do {} while (0)
#endif

// As tt-metal's dprint.h does for kernels: TileSlice comes with DPRINT.
#if defined(KERNEL_BUILD)
#include "api/debug/dprint_tile.h"
#endif
