// Logical core coordinates: CoreCoord, CoreRange (inclusive), CoreRangeSet.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <umd/device/tt_xy_pair.h>

using CoreCoord = tt_xy_pair;

/// An inclusive rectangle of cores, [start_coord, end_coord].
class CoreRange {
public:
  CoreCoord start_coord;
  CoreCoord end_coord;

  CoreRange(const CoreCoord &point) : start_coord(point), end_coord(point) {}
  CoreRange(const CoreCoord &start, const CoreCoord &end);

  std::size_t size() const {
    return (end_coord.x - start_coord.x + 1) * (end_coord.y - start_coord.y + 1);
  }
  CoreCoord grid_size() const {
    return {end_coord.x - start_coord.x + 1, end_coord.y - start_coord.y + 1};
  }
  bool contains(const CoreCoord &c) const {
    return c.x >= start_coord.x && c.x <= end_coord.x && c.y >= start_coord.y &&
           c.y <= end_coord.y;
  }
  bool contains(const CoreRange &r) const {
    return contains(r.start_coord) && contains(r.end_coord);
  }
  bool intersects(const CoreRange &r) const {
    return !(r.end_coord.x < start_coord.x || r.start_coord.x > end_coord.x ||
             r.end_coord.y < start_coord.y || r.start_coord.y > end_coord.y);
  }
  std::string str() const {
    return "[" + start_coord.str() + " - " + end_coord.str() + "]";
  }

  /// Row-major iteration over the cores of the range.
  class iterator {
  public:
    iterator(const CoreRange &r, CoreCoord c) : range(&r), cur(c) {}
    // A reference, as tt-metal's CoreIterator (`for (auto &c : range)`).
    const CoreCoord &operator*() const { return cur; }
    iterator &operator++() {
      if (cur.x < range->end_coord.x) {
        ++cur.x;
      } else {
        cur.x = range->start_coord.x;
        ++cur.y;
      }
      return *this;
    }
    bool operator==(const iterator &o) const { return cur == o.cur; }
    bool operator!=(const iterator &o) const { return !(*this == o); }

  private:
    const CoreRange *range;
    CoreCoord cur;
  };
  iterator begin() const { return iterator(*this, start_coord); }
  iterator end() const { return iterator(*this, {start_coord.x, end_coord.y + 1}); }

  friend bool operator==(const CoreRange &a, const CoreRange &b) {
    return a.start_coord == b.start_coord && a.end_coord == b.end_coord;
  }
  friend bool operator<(const CoreRange &a, const CoreRange &b) {
    if (a.start_coord != b.start_coord)
      return a.start_coord < b.start_coord;
    return a.end_coord < b.end_coord;
  }
};

/// A set of disjoint core ranges.
class CoreRangeSet {
public:
  CoreRangeSet() = default;
  CoreRangeSet(const CoreRange &r) : ranges_{r} {}
  CoreRangeSet(const std::vector<CoreRange> &rs);
  CoreRangeSet(const std::set<CoreRange> &rs)
      : CoreRangeSet(std::vector<CoreRange>(rs.begin(), rs.end())) {}

  const std::vector<CoreRange> &ranges() const { return ranges_; }
  std::size_t size() const { return ranges_.size(); }
  bool empty() const { return ranges_.empty(); }
  uint32_t num_cores() const;
  bool contains(const CoreCoord &c) const;
  bool contains(const CoreRange &r) const;
  bool intersects(const CoreRange &r) const;
  CoreRangeSet merge(const CoreRangeSet &other) const;
  CoreRange bounding_box() const;
  std::string str() const;

  friend bool operator==(const CoreRangeSet &a, const CoreRangeSet &b) {
    return a.ranges_ == b.ranges_;
  }

private:
  std::vector<CoreRange> ranges_;
};

/// All cores of `crs`, in row-major order within each range unless
/// `row_wise` is false (then column-major), at most `max_cores` of them.
std::vector<CoreCoord> corerange_to_cores(const CoreRangeSet &crs,
                                          std::optional<uint32_t> max_cores = std::nullopt,
                                          bool row_wise = false);
std::vector<CoreCoord> grid_to_cores(uint32_t num_cores, uint32_t grid_size_x,
                                     uint32_t grid_size_y, bool row_wise = false);
CoreRangeSet num_cores_to_corerangeset(uint32_t target_num_cores,
                                       const CoreCoord grid_size,
                                       bool row_wise = false);

namespace tt::tt_metal {
using ::CoreCoord;
using ::CoreRange;
using ::CoreRangeSet;
using ::corerange_to_cores;
using ::grid_to_cores;
using ::num_cores_to_corerangeset;
} // namespace tt::tt_metal
