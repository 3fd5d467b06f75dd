// split_work_to_cores: divide N work units over a grid as evenly as possible.
#pragma once

#include <cstdint>
#include <tuple>

#include <tt-metalium/core_coord.hpp>

namespace tt::tt_metal {

/// Returns {num_cores, all_cores, core_group_1, core_group_2,
/// units_per_core_group_1, units_per_core_group_2}: group 1 takes one unit
/// more than group 2 when the split is uneven; group 2 is empty otherwise.
std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet,
           std::uint32_t, std::uint32_t>
split_work_to_cores(const CoreCoord grid_size, const std::uint32_t units_to_divide,
                    const bool row_wise = false);
std::tuple<std::uint32_t, CoreRangeSet, CoreRangeSet, CoreRangeSet,
           std::uint32_t, std::uint32_t>
split_work_to_cores(const CoreRangeSet &core_grid,
                    const std::uint32_t units_to_divide,
                    const bool row_wise = false);

} // namespace tt::tt_metal

namespace tt::tt_metal::detail {
using tt::tt_metal::split_work_to_cores;
}
