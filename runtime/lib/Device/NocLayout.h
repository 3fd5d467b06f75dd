// Where worker cores and DRAM endpoints sit on the real chip's NOC torus,
// and which router-to-router links a packet crosses on NOC 0 or NOC 1. The
// emulator addresses cores with synthetic NOC coordinates (DeviceState);
// this layout only serves the cost model, which charges each link's
// bandwidth so that overlapping routes contend (docs/COST_MODEL.md, "NOC
// links").
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace ttemu {

struct ArchSpec;

struct NocPoint {
  uint32_t x = 0, y = 0;
  bool operator==(const NocPoint &) const = default;
};

struct NocLayout {
  uint32_t width = 0, height = 0; // the torus, in routers
  /// Physical column of logical worker column x, row of logical row y.
  std::vector<uint32_t> workerCols, workerRows;
  /// Per DRAM bank, the endpoint worker cores read and write it through
  /// (the soc descriptor's dram_preferred_worker_endpoint).
  std::vector<NocPoint> dramEndpoints;

  NocPoint worker(uint32_t x, uint32_t y) const {
    return {workerCols[x], workerRows[y]};
  }
  NocPoint dram(uint32_t bank) const { return dramEndpoints[bank]; }

  /// Links are numbered per NOC, router and axis: the link leaving router
  /// (x, y) along X or Y in that NOC's direction.
  uint32_t numLinks() const { return 2 * width * height * 2; }

  /// The links a unicast packet (a request, or any response) from `a` to
  /// `b` crosses, in order. NOC 0 runs rightwards then downwards, NOC 1
  /// upwards then leftwards, both wrapping at the edges (tt-isa-
  /// documentation, BlackholeA0/NoC/RoutingPaths.md).
  std::vector<uint32_t> unicastLinks(uint32_t noc, NocPoint a, NocPoint b) const;
  /// The links of the tree a multicast from `src` to the rectangle of
  /// workers `lo`..`hi` (physical corners, inclusive) crosses: along X to
  /// the rectangle's first column, along Y through its rows, then along X
  /// across each row (X as the major axis, the default broadcast).
  std::vector<uint32_t> multicastLinks(uint32_t noc, NocPoint src, NocPoint lo,
                                       NocPoint hi) const;

  /// For each DRAM bank, the logical worker its responses on `noc` reach in
  /// the fewest hops, no worker taken twice (what tt-metal's
  /// get_optimal_dram_bank_to_logical_worker_assignment gives: a reader
  /// next to its bank).
  std::vector<std::pair<uint32_t, uint32_t>> bankAdjacentWorkers(
      uint32_t noc, uint32_t gridX, uint32_t gridY) const;

private:
  uint32_t link(uint32_t noc, uint32_t x, uint32_t y, uint32_t axis) const {
    return ((noc * height + y) * width + x) * 2 + axis;
  }
  void walkX(uint32_t noc, uint32_t &x, uint32_t y, uint32_t toX,
             std::vector<uint32_t> &out) const;
  void walkY(uint32_t noc, uint32_t x, uint32_t &y, uint32_t toY,
             std::vector<uint32_t> &out) const;
};

/// The layout of `arch`'s card (Wormhole n150, Blackhole p150), for its
/// worker grid.
const NocLayout &nocLayoutFor(const ArchSpec &arch);

} // namespace ttemu
