// MeshWorkload: programs keyed by the (disjoint) mesh coordinate ranges
// they run on; one enqueue runs each on every chip of its range.
#pragma once

#include <unordered_map>

#include <tt-metalium/assert.hpp>
#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_metal::distributed {

class MeshWorkload {
public:
  MeshWorkload() = default;
  /// As tt-metal, a chip runs at most one program of a workload: ranges
  /// that overlap are an error.
  void add_program(const MeshCoordinateRange &range, Program &&program) {
    for (const auto &[other, p] : programs_)
      TT_FATAL(!other.intersects(range),
               "MeshWorkload::add_program: range {} overlaps range {} that "
               "already has a program",
               range.str(), other.str());
    programs_.insert_or_assign(range, std::move(program));
  }
  std::unordered_map<MeshCoordinateRange, Program> &get_programs() {
    return programs_;
  }
  const std::unordered_map<MeshCoordinateRange, Program> &get_programs() const {
    return programs_;
  }

private:
  std::unordered_map<MeshCoordinateRange, Program> programs_;
};

inline MeshWorkload CreateMeshWorkload() { return MeshWorkload(); }
inline void AddProgramToMeshWorkload(MeshWorkload &workload, Program &&program,
                                     const MeshCoordinateRange &range) {
  workload.add_program(range, std::move(program));
}

} // namespace tt::tt_metal::distributed
