//===- PipelineOptions.h - The pipeline's options, typed, declared once -*- C++ -*-===//
//
// The architecture, core grid, partition strategy, K block, block factor,
// math fidelity and approximate-math options are taken by the `tilett`
// command line, by `--tt-pipeline`, by each of the five passes and by the
// legacy pass names.
// Their allowed values are the ODS enums of the tt dialect (TTAttrs.td:
// Arch, PartitionStrategy, MathFidelity): the llvm::cl parser specialised
// below accepts exactly those names wherever an option of that type is
// declared, and refuses any other with one message that lists them; the
// block factor (FxG) has a parser of its own, with one message too.
// PipelineOptionList declares the seven options, with their defaults and
// help, once for every owner (a PassOptions or a Pass).
//
//===----------------------------------------------------------------------===//
#ifndef TILETT_TRANSFORMS_PIPELINEOPTIONS_H
#define TILETT_TRANSFORMS_PIPELINEOPTIONS_H

#include "tilett/Dialect/TT/IR/TTAttrs.h"
#include "tilett/Transforms/WidenKSteps.h"

#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassOptions.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>
#include <utility>

namespace mlir::tilett {

/// `--strategy`: `auto` (TTTilesToCoreMap picks per kernel: cyclic_2d where
/// cores can share loads by multicast, else contiguous) or one
/// tt::PartitionStrategy, whose value it carries.
enum class StrategyChoice : uint32_t { Auto = ~0u };

inline StrategyChoice toStrategyChoice(tt::PartitionStrategy strategy) {
  return static_cast<StrategyChoice>(static_cast<uint32_t>(strategy));
}
/// The strategy `choice` fixes; std::nullopt for `auto`.
inline std::optional<tt::PartitionStrategy>
getPartitionStrategy(StrategyChoice choice) {
  if (choice == StrategyChoice::Auto)
    return std::nullopt;
  return static_cast<tt::PartitionStrategy>(static_cast<uint32_t>(choice));
}

/// `--block-factor FxG`: the per-core block, as F x G TileLang blocks along
/// the kernel grid's first and second dimensions (CoarsenGrid.h). 1x1 runs
/// the blocks as written; unset (0x0, spelled empty) leaves the choice to
/// CoarsenGrid's model. A value type with its own llvm::cl parser (below),
/// so that the command line, `--tt-pipeline` and the pass refuse a
/// malformed value with one message.
struct BlockFactor {
  int64_t x = 0, y = 0;
  bool isSet() const { return x > 0 && y > 0; }
  bool operator==(const BlockFactor &) const = default;
};

/// "FxG" with positive integers, or "" (unset); std::nullopt otherwise.
std::optional<BlockFactor> parseBlockFactor(llvm::StringRef text);

/// "FxG", or nothing when unset (how a pass pipeline prints the option).
inline llvm::raw_ostream &operator<<(llvm::raw_ostream &os, BlockFactor f) {
  if (f.isSet())
    os << f.x << "x" << f.y;
  return os;
}

/// The names and values an enum-typed option takes, in help order.
template <typename E> struct OptionEnumValues;

template <> struct OptionEnumValues<tt::Arch> {
  static llvm::SmallVector<std::pair<llvm::StringRef, tt::Arch>> get() {
    llvm::SmallVector<std::pair<llvm::StringRef, tt::Arch>> values;
    for (uint32_t i = 0; i <= tt::getMaxEnumValForArch(); ++i)
      if (std::optional<tt::Arch> v = tt::symbolizeArch(i))
        values.push_back({tt::stringifyArch(*v), *v});
    return values;
  }
};

template <> struct OptionEnumValues<tt::MathFidelity> {
  static llvm::SmallVector<std::pair<llvm::StringRef, tt::MathFidelity>> get() {
    llvm::SmallVector<std::pair<llvm::StringRef, tt::MathFidelity>> values;
    for (uint32_t i = 0; i <= tt::getMaxEnumValForMathFidelity(); ++i)
      if (std::optional<tt::MathFidelity> v = tt::symbolizeMathFidelity(i))
        values.push_back({tt::stringifyMathFidelity(*v), *v});
    return values;
  }
};

template <> struct OptionEnumValues<StrategyChoice> {
  static llvm::SmallVector<std::pair<llvm::StringRef, StrategyChoice>> get() {
    llvm::SmallVector<std::pair<llvm::StringRef, StrategyChoice>> values = {
        {"auto", StrategyChoice::Auto}};
    for (uint32_t i = 0; i <= tt::getMaxEnumValForPartitionStrategy(); ++i)
      if (std::optional<tt::PartitionStrategy> v =
              tt::symbolizePartitionStrategy(i))
        values.push_back(
            {tt::stringifyPartitionStrategy(*v), toStrategyChoice(*v)});
    return values;
  }
};

/// The value named `name`, if `E` has one.
template <typename E>
std::optional<E> parseOptionEnum(llvm::StringRef name) {
  for (auto [n, v] : OptionEnumValues<E>::get())
    if (n == name)
      return v;
  return std::nullopt;
}

/// The name of `value`.
template <typename E> llvm::StringRef stringifyOptionEnum(E value) {
  for (auto [n, v] : OptionEnumValues<E>::get())
    if (v == value)
      return n;
  llvm_unreachable("enum value without a name");
}

/// "invalid value 'x' for <what>; expected one of: a, b": the one message
/// for a bad name, from the command line (`what` "--arch"), a pass option
/// ("option 'arch'") or the Python API.
template <typename E>
std::string describeInvalidOptionEnum(llvm::StringRef what,
                                      llvm::StringRef value) {
  llvm::SmallVector<llvm::StringRef> names;
  for (auto [n, v] : OptionEnumValues<E>::get())
    names.push_back(n);
  return ("invalid value '" + value + "' for " + what +
          "; expected one of: " + llvm::join(names, ", "))
      .str();
}

/// llvm::cl's enum parser with the names taken from OptionEnumValues<E>
/// (no cl::values list to repeat at each declaration) and a message that
/// lists them. Its shape (Values of OptionInfo with Name and V) is
/// llvm::cl::parser's, which mlir's pass options rely on to print a value.
template <typename E>
class OptionEnumParser : public llvm::cl::generic_parser_base {
protected:
  class OptionInfo : public GenericOptionInfo {
  public:
    OptionInfo(llvm::StringRef name, E value)
        : GenericOptionInfo(name, ""), V(value) {}
    llvm::cl::OptionValue<E> V;
  };
  llvm::SmallVector<OptionInfo, 8> Values;

public:
  using parser_data_type = E;

  explicit OptionEnumParser(llvm::cl::Option &owner)
      : llvm::cl::generic_parser_base(owner) {
    for (auto [name, value] : OptionEnumValues<E>::get())
      Values.emplace_back(name, value);
  }

  unsigned getNumOptions() const override { return unsigned(Values.size()); }
  llvm::StringRef getOption(unsigned n) const override {
    return Values[n].Name;
  }
  llvm::StringRef getDescription(unsigned n) const override {
    return Values[n].HelpStr;
  }
  const llvm::cl::GenericOptionValue &
  getOptionValue(unsigned n) const override {
    return Values[n].V;
  }

  /// True (after the message) when `arg` names no value.
  bool parse(llvm::cl::Option &option, llvm::StringRef, llvm::StringRef arg,
             E &value) {
    for (const OptionInfo &info : Values)
      if (info.Name == arg) {
        value = info.V.getValue();
        return false;
      }
    // A pass's options live in a subcommand of their own (no name, not the
    // top level): they are written `arch=...`, not `--arch`.
    bool passOption = llvm::none_of(option.Subs, [](llvm::cl::SubCommand *sub) {
      return sub == &llvm::cl::SubCommand::getTopLevel() ||
             !sub->getName().empty();
    });
    std::string what = passOption ? ("option '" + option.ArgStr + "'").str()
                                  : ("--" + option.ArgStr).str();
    llvm::errs() << "error: " << describeInvalidOptionEnum<E>(what, arg)
                 << "\n";
    return true;
  }
};

} // namespace mlir::tilett

namespace llvm::cl {
template <>
class parser<mlir::tilett::tt::Arch>
    : public mlir::tilett::OptionEnumParser<mlir::tilett::tt::Arch> {
public:
  using OptionEnumParser::OptionEnumParser;
};
template <>
class parser<mlir::tilett::tt::MathFidelity>
    : public mlir::tilett::OptionEnumParser<mlir::tilett::tt::MathFidelity> {
public:
  using OptionEnumParser::OptionEnumParser;
};
template <>
class parser<mlir::tilett::StrategyChoice>
    : public mlir::tilett::OptionEnumParser<mlir::tilett::StrategyChoice> {
public:
  using OptionEnumParser::OptionEnumParser;
};
template <>
class parser<mlir::tilett::BlockFactor>
    : public basic_parser<mlir::tilett::BlockFactor> {
public:
  parser(Option &owner) : basic_parser(owner) {}
  /// True (after the message) when `arg` is not FxG.
  bool parse(Option &option, StringRef, StringRef arg,
             mlir::tilett::BlockFactor &value) {
    if (std::optional<mlir::tilett::BlockFactor> f =
            mlir::tilett::parseBlockFactor(arg)) {
      value = *f;
      return false;
    }
    // Named as OptionEnumParser names it: `option 'x'` in a pass, `--x` on
    // the command line.
    bool passOption = llvm::none_of(option.Subs, [](SubCommand *sub) {
      return sub == &SubCommand::getTopLevel() || !sub->getName().empty();
    });
    std::string what = passOption ? ("option '" + option.ArgStr + "'").str()
                                  : ("--" + option.ArgStr).str();
    llvm::errs() << "error: invalid value '" << arg << "' for " << what
                 << "; expected FxG, two positive integers (TileLang blocks "
                    "per core block along the grid's first and second "
                    "dimensions), e.g. 2x1\n";
    return true;
  }
  StringRef getValueName() const override { return "FxG"; }
  /// For --print-options (a class-typed option keeps no default to diff).
  void printOptionDiff(const Option &option, mlir::tilett::BlockFactor value,
                       const OptVal &, size_t globalWidth) const {
    printOptionName(option, globalWidth);
    llvm::outs() << "= " << value << "\n";
  }
};
} // namespace llvm::cl

namespace mlir::tilett {

inline constexpr tt::Arch kDefaultArch = tt::Arch::WormholeB0;
inline constexpr StrategyChoice kDefaultStrategy = StrategyChoice::Auto;
inline constexpr tt::MathFidelity kDefaultMathFidelityValue =
    tt::MathFidelity::HiFi4;

/// Checks a `--core-grid` value, "GXxGY" with positive integers (empty: the
/// arch's grid); the grid, or std::nullopt.
std::optional<std::pair<int64_t, int64_t>> parseCoreGrid(llvm::StringRef text);

/// An option of an options struct (PassPipelineOptions) and of a pass.
template <typename T> using StructOption = mlir::detail::PassOptions::Option<T>;
template <typename T> using PassOption = mlir::Pass::Option<T>;

/// The pipeline's seven options, declared on `owner`: OptionT is StructOption
/// for an options struct or PassOption for a pass, which derive from this
/// after their own base. One declaration, so that `--tt-pipeline`, the
/// legacy pipelines and every legacy alias pass take the same names, types,
/// defaults and help.
template <template <typename> class OptionT> struct PipelineOptionList {
  template <typename OwnerT>
  explicit PipelineOptionList(OwnerT &owner)
      : arch(owner, "arch", llvm::cl::desc("Target architecture"),
             llvm::cl::init(kDefaultArch)),
        coreGrid(owner, "core-grid",
                 llvm::cl::desc("Worker grid GXxGY, e.g. 8x8 (default: the "
                                "arch's grid, clamped to the work)"),
                 llvm::cl::init("")),
        strategy(owner, "strategy",
                 llvm::cl::desc("Work partition (auto: cyclic_2d where cores "
                                "can share loads by multicast, else "
                                "contiguous)"),
                 llvm::cl::init(kDefaultStrategy)),
        kBlock(owner, "k-block",
               llvm::cl::desc("K tiles one step of a pipelined GEMM loop may "
                              "cover once widened (1 keeps each step as the "
                              "program wrote it)"),
               llvm::cl::init(kDefaultKBlockTiles)),
        blockFactor(owner, "block-factor",
                    llvm::cl::desc("Per-core block FxG: F x G TileLang "
                                   "blocks along the grid's first and second "
                                   "dimensions (1x1: the blocks as written; "
                                   "default: the cost model's choice)"),
                    llvm::cl::init(BlockFactor{})),
        mathFidelity(owner, "math-fidelity",
                     llvm::cl::desc("Multiplier fidelity of the compute "
                                    "kernels (HiFi4: exact products); a "
                                    "kernel's tt.compute_config wins"),
                     llvm::cl::init(kDefaultMathFidelityValue)),
        mathApprox(owner, "math-approx",
                   llvm::cl::desc("Approximate SFPU functions "
                                  "(math_approx_mode); a kernel's "
                                  "tt.compute_config wins"),
                   llvm::cl::init(false)) {}

  OptionT<tt::Arch> arch;
  OptionT<std::string> coreGrid;
  OptionT<StrategyChoice> strategy;
  OptionT<int64_t> kBlock;
  OptionT<BlockFactor> blockFactor;
  OptionT<tt::MathFidelity> mathFidelity;
  OptionT<bool> mathApprox;

  PipelineOptionList(const PipelineOptionList &) = delete;

  /// Copies the values of `other` (of either owner kind).
  template <template <typename> class OtherT>
  void copyPipelineOptions(const PipelineOptionList<OtherT> &other) {
    arch = other.arch.getValue();
    coreGrid = other.coreGrid.getValue();
    strategy = other.strategy.getValue();
    kBlock = other.kBlock.getValue();
    blockFactor = other.blockFactor.getValue();
    mathFidelity = other.mathFidelity.getValue();
    mathApprox = other.mathApprox.getValue();
  }
};

} // namespace mlir::tilett

#endif // TILETT_TRANSFORMS_PIPELINEOPTIONS_H
