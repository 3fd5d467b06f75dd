// MeshWorkload: programs keyed by the mesh coordinate range they run on.
#pragma once

#include <unordered_map>

#include <tt-metalium/mesh_coord.hpp>
#include <tt-metalium/program.hpp>

namespace tt::tt_metal::distributed {

class MeshWorkload {
public:
  MeshWorkload() = default;
  void add_program(const MeshCoordinateRange &range, Program &&program) {
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
