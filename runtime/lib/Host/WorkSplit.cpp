// split_work_to_cores: group 1 takes ceil(units/cores), group 2 the rest.
#include <tt-metalium/assert.hpp>
#include <tt-metalium/work_split.hpp>

namespace tt::tt_metal {

namespace {
using Split = std::tuple<uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet,
                         uint32_t, uint32_t>;

Split splitOver(const std::vector<CoreCoord> &order, uint32_t units) {
  uint32_t numCores = std::min<uint32_t>(units, order.size());
  if (numCores == 0)
    return {0, CoreRangeSet(), CoreRangeSet(), CoreRangeSet(), 0, 0};
  uint32_t base = units / numCores, extra = units % numCores;
  auto toSet = [&](size_t from, size_t to) {
    std::vector<CoreRange> rs;
    for (size_t i = from; i < to; ++i)
      rs.emplace_back(order[i]);
    return CoreRangeSet(rs).merge(CoreRangeSet());
  };
  CoreRangeSet all = toSet(0, numCores);
  if (extra == 0)
    return {numCores, all, all, CoreRangeSet(), base, 0};
  return {numCores, all, toSet(0, extra), toSet(extra, numCores), base + 1,
          base};
}
} // namespace

Split split_work_to_cores(const CoreCoord grid_size, const uint32_t units,
                          const bool row_wise) {
  return splitOver(grid_to_cores(grid_size.x * grid_size.y, grid_size.x,
                                 grid_size.y, row_wise),
                   units);
}

Split split_work_to_cores(const CoreRangeSet &core_grid, const uint32_t units,
                          const bool row_wise) {
  return splitOver(corerange_to_cores(core_grid, std::nullopt, row_wise), units);
}

} // namespace tt::tt_metal
