// Mesh shapes, coordinates and coordinate ranges (2-D meshes of chips, up
// to a Galaxy's 4x8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace tt::tt_metal::distributed {

class MeshShape {
public:
  MeshShape(std::uint32_t rows, std::uint32_t cols) : dims_{rows, cols} {}
  MeshShape(std::initializer_list<std::uint32_t> dims) : dims_(dims) {}
  explicit MeshShape(std::vector<std::uint32_t> dims) : dims_(std::move(dims)) {}
  std::size_t dims() const { return dims_.size(); }
  std::uint32_t operator[](std::size_t i) const { return dims_[i]; }
  std::size_t mesh_size() const {
    std::size_t n = 1;
    for (auto d : dims_)
      n *= d;
    return n;
  }
  bool operator==(const MeshShape &) const = default;

private:
  std::vector<std::uint32_t> dims_;
};

class MeshCoordinate {
public:
  MeshCoordinate(std::uint32_t row, std::uint32_t col) : coords_{row, col} {}
  explicit MeshCoordinate(std::vector<std::uint32_t> c) : coords_(std::move(c)) {}
  static MeshCoordinate zero_coordinate(std::size_t dims) {
    return MeshCoordinate(std::vector<std::uint32_t>(dims, 0));
  }
  std::size_t dims() const { return coords_.size(); }
  std::uint32_t operator[](std::size_t i) const { return coords_[i]; }
  const std::vector<std::uint32_t> &coords() const { return coords_; }
  bool operator==(const MeshCoordinate &) const = default;
  auto operator<=>(const MeshCoordinate &) const = default;
  std::string str() const {
    std::string s = "MeshCoordinate([";
    for (std::size_t i = 0; i < coords_.size(); ++i)
      s += (i ? ", " : "") + std::to_string(coords_[i]);
    return s + "])";
  }

private:
  std::vector<std::uint32_t> coords_;
};

/// Inclusive box of mesh coordinates.
class MeshCoordinateRange {
public:
  MeshCoordinateRange(const MeshShape &shape);
  MeshCoordinateRange(const MeshCoordinate &start, const MeshCoordinate &end)
      : start_(start), end_(end) {}
  MeshCoordinateRange(const MeshCoordinate &coord) : start_(coord), end_(coord) {}
  const MeshCoordinate &start_coord() const { return start_; }
  const MeshCoordinate &end_coord() const { return end_; }
  bool contains(const MeshCoordinate &c) const;
  bool contains(const MeshCoordinateRange &r) const {
    return contains(r.start_) && contains(r.end_);
  }
  bool intersects(const MeshCoordinateRange &r) const {
    if (r.start_.dims() != start_.dims())
      return false;
    for (std::size_t i = 0; i < start_.dims(); ++i)
      if (r.end_[i] < start_[i] || r.start_[i] > end_[i])
        return false;
    return true;
  }
  std::string str() const {
    return "MeshCoordinateRange(start=" + start_.str() + ", end=" + end_.str() + ")";
  }
  std::size_t size() const;
  std::vector<MeshCoordinate> coords() const;
  auto begin() const { return coords_cache().begin(); }
  auto end() const { return coords_cache().end(); }
  bool operator==(const MeshCoordinateRange &o) const {
    return start_ == o.start_ && end_ == o.end_;
  }

private:
  const std::vector<MeshCoordinate> &coords_cache() const;
  MeshCoordinate start_, end_;
  mutable std::vector<MeshCoordinate> cache_;
};

} // namespace tt::tt_metal::distributed

template <> struct std::hash<tt::tt_metal::distributed::MeshCoordinate> {
  std::size_t operator()(const tt::tt_metal::distributed::MeshCoordinate &c) const {
    std::size_t h = 0;
    for (auto v : c.coords())
      h = h * 31 + v;
    return h;
  }
};

template <> struct std::hash<tt::tt_metal::distributed::MeshCoordinateRange> {
  std::size_t
  operator()(const tt::tt_metal::distributed::MeshCoordinateRange &r) const {
    std::size_t h = 0;
    for (auto v : r.start_coord().coords())
      h = h * 31 + v;
    for (auto v : r.end_coord().coords())
      h = h * 31 + v;
    return h;
  }
};
