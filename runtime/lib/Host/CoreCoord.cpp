// CoreRange / CoreRangeSet operations and core enumeration helpers.
#include <tt-metalium/assert.hpp>
#include <tt-metalium/core_coord.hpp>

#include <algorithm>
#include <map>
#include <set>

CoreRange::CoreRange(const CoreCoord &start, const CoreCoord &end)
    : start_coord(start), end_coord(end) {
  TT_FATAL(end.x >= start.x && end.y >= start.y,
           "invalid CoreRange: end {} is before start {}", end.str(),
           start.str());
}

CoreRangeSet::CoreRangeSet(const std::vector<CoreRange> &rs) : ranges_(rs) {
  for (size_t i = 0; i < ranges_.size(); ++i)
    for (size_t j = i + 1; j < ranges_.size(); ++j)
      TT_FATAL(!ranges_[i].intersects(ranges_[j]),
               "CoreRangeSet: ranges {} and {} overlap", ranges_[i].str(),
               ranges_[j].str());
}

uint32_t CoreRangeSet::num_cores() const {
  uint32_t n = 0;
  for (const CoreRange &r : ranges_)
    n += r.size();
  return n;
}

bool CoreRangeSet::contains(const CoreCoord &c) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [&](const CoreRange &r) { return r.contains(c); });
}

bool CoreRangeSet::contains(const CoreRange &range) const {
  for (const CoreCoord &c : range)
    if (!contains(c))
      return false;
  return true;
}

bool CoreRangeSet::intersects(const CoreRange &range) const {
  return std::any_of(ranges_.begin(), ranges_.end(),
                     [&](const CoreRange &r) { return r.intersects(range); });
}

CoreRangeSet CoreRangeSet::merge(const CoreRangeSet &other) const {
  // Cores of both, as one range per core row segment.
  std::set<CoreCoord> cores;
  for (const CoreRangeSet *s : {this, &other})
    for (const CoreRange &r : s->ranges())
      for (const CoreCoord &c : r)
        cores.insert(c);
  std::vector<CoreRange> out;
  std::map<size_t, std::vector<size_t>> rows;
  for (const CoreCoord &c : cores)
    rows[c.y].push_back(c.x);
  for (auto &[y, xs] : rows) {
    std::sort(xs.begin(), xs.end());
    size_t start = xs[0], prev = xs[0];
    for (size_t i = 1; i <= xs.size(); ++i) {
      if (i < xs.size() && xs[i] == prev + 1) {
        prev = xs[i];
        continue;
      }
      out.emplace_back(CoreCoord{start, y}, CoreCoord{prev, y});
      if (i < xs.size())
        start = prev = xs[i];
    }
  }
  return CoreRangeSet(out);
}

CoreRange CoreRangeSet::bounding_box() const {
  TT_FATAL(!ranges_.empty(), "bounding_box of an empty CoreRangeSet");
  CoreCoord lo = ranges_[0].start_coord, hi = ranges_[0].end_coord;
  for (const CoreRange &r : ranges_) {
    lo = {std::min(lo.x, r.start_coord.x), std::min(lo.y, r.start_coord.y)};
    hi = {std::max(hi.x, r.end_coord.x), std::max(hi.y, r.end_coord.y)};
  }
  return {lo, hi};
}

std::string CoreRangeSet::str() const {
  std::string s = "{";
  for (size_t i = 0; i < ranges_.size(); ++i)
    s += (i ? ", " : "") + ranges_[i].str();
  return s + "}";
}

std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet &crs,
                                          std::optional<uint32_t> max_cores,
                                          bool row_wise) {
  std::vector<CoreCoord> out;
  for (const CoreRange &r : crs.ranges()) {
    if (row_wise) {
      for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y)
        for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x)
          out.push_back({x, y});
    } else {
      for (size_t x = r.start_coord.x; x <= r.end_coord.x; ++x)
        for (size_t y = r.start_coord.y; y <= r.end_coord.y; ++y)
          out.push_back({x, y});
    }
  }
  if (max_cores && out.size() > *max_cores)
    out.resize(*max_cores);
  return out;
}

std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t gx,
                                     uint32_t gy, bool row_wise) {
  TT_FATAL(num_cores <= gx * gy, "grid_to_cores: {} cores do not fit a {}x{} grid",
           num_cores, gx, gy);
  std::vector<CoreCoord> out;
  for (uint32_t i = 0; i < num_cores; ++i)
    out.push_back(row_wise ? CoreCoord{i % gx, i / gx} : CoreCoord{i / gy, i % gy});
  return out;
}

CoreRangeSet num_cores_to_corerangeset(uint32_t target, const CoreCoord grid,
                                       bool row_wise) {
  TT_FATAL(target <= grid.x * grid.y,
           "num_cores_to_corerangeset: {} cores do not fit a {}x{} grid",
           target, grid.x, grid.y);
  std::vector<CoreRange> ranges;
  if (target == 0)
    return CoreRangeSet(ranges);
  if (row_wise) {
    uint32_t full = target / grid.x, rem = target % grid.x;
    if (full)
      ranges.emplace_back(CoreCoord{0, 0}, CoreCoord{grid.x - 1, full - 1});
    if (rem)
      ranges.emplace_back(CoreCoord{0, full}, CoreCoord{rem - 1, full});
  } else {
    uint32_t full = target / grid.y, rem = target % grid.y;
    if (full)
      ranges.emplace_back(CoreCoord{0, 0}, CoreCoord{full - 1, grid.y - 1});
    if (rem)
      ranges.emplace_back(CoreCoord{full, 0}, CoreCoord{full, rem - 1});
  }
  return CoreRangeSet(ranges);
}
