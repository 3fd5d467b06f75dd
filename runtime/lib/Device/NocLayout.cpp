// NOC placement of the emulated cards, from tt-metal's soc descriptors
// (tt_metal/soc_descriptors/wormhole_b0_80_arch.yaml, blackhole_140_arch.yaml):
// torus size, functional worker columns and rows, and each DRAM bank's
// preferred worker endpoint.
#include "Device/NocLayout.h"

#include <algorithm>
#include <numeric>

#include "Device/Arch.h"

namespace ttemu {

void NocLayout::walkX(uint32_t noc, uint32_t &x, uint32_t y, uint32_t toX,
                      std::vector<uint32_t> &out) const {
  while (x != toX) {
    // NOC 0 leaves router x rightwards; NOC 1 leftwards.
    out.push_back(link(noc, x, y, 0));
    x = noc == 0 ? (x + 1) % width : (x + width - 1) % width;
  }
}

void NocLayout::walkY(uint32_t noc, uint32_t x, uint32_t &y, uint32_t toY,
                      std::vector<uint32_t> &out) const {
  while (y != toY) {
    out.push_back(link(noc, x, y, 1));
    y = noc == 0 ? (y + 1) % height : (y + height - 1) % height;
  }
}

std::vector<uint32_t> NocLayout::unicastLinks(uint32_t noc, NocPoint a,
                                              NocPoint b) const {
  std::vector<uint32_t> out;
  uint32_t x = a.x, y = a.y;
  if (noc == 0) {
    walkX(noc, x, y, b.x, out);
    walkY(noc, x, y, b.y, out);
  } else {
    walkY(noc, x, y, b.y, out);
    walkX(noc, x, y, b.x, out);
  }
  return out;
}

std::vector<uint32_t> NocLayout::multicastLinks(uint32_t noc, NocPoint src,
                                                NocPoint lo,
                                                NocPoint hi) const {
  // The packet enters the rectangle at the corner its NOC reaches first
  // (top-left on NOC 0, bottom-right on NOC 1) and fans out from there.
  NocPoint first = noc == 0 ? lo : hi, last = noc == 0 ? hi : lo;
  std::vector<uint32_t> out;
  uint32_t x = src.x, y = src.y;
  walkX(noc, x, y, first.x, out);
  // Down (or up) the first column through every row of the rectangle,
  // then across each row.
  walkY(noc, x, y, last.y, out);
  for (uint32_t row = lo.y; row <= hi.y; ++row) {
    uint32_t cx = first.x;
    walkX(noc, cx, row, last.x, out);
  }
  return out;
}

std::vector<std::pair<uint32_t, uint32_t>>
NocLayout::bankAdjacentWorkers(uint32_t noc, uint32_t gridX,
                               uint32_t gridY) const {
  uint32_t banks = static_cast<uint32_t>(dramEndpoints.size());
  auto hops = [&](uint32_t bank, uint32_t core) {
    return unicastLinks(noc, dram(bank), worker(core % gridX, core / gridX))
        .size();
  };
  auto best = [&](uint32_t bank) {
    size_t h = ~size_t(0);
    for (uint32_t c = 0; c < gridX * gridY; ++c)
      h = std::min(h, hops(bank, c));
    return h;
  };
  // Banks with a worker right next to them choose first, so that a bank
  // whose neighbours are missing (harvested rows) does not take another's.
  std::vector<uint32_t> order(banks);
  std::iota(order.begin(), order.end(), 0);
  std::vector<size_t> bestHops(banks);
  for (uint32_t b = 0; b < banks; ++b)
    bestHops[b] = best(b);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return bestHops[a] < bestHops[b];
  });
  std::vector<bool> taken(gridX * gridY, false);
  std::vector<std::pair<uint32_t, uint32_t>> out(banks);
  for (uint32_t b : order) {
    uint32_t pick = 0;
    size_t h = ~size_t(0);
    for (uint32_t c = 0; c < gridX * gridY; ++c)
      if (!taken[c] && hops(b, c) < h) {
        h = hops(b, c);
        pick = c;
      }
    taken[pick] = true;
    out[b] = {pick % gridX, pick / gridX};
  }
  return out;
}

namespace {

NocLayout wormholeN150(uint32_t gridX, uint32_t gridY) {
  // 10x12 torus; worker columns 1-4 and 6-9 (DRAM in columns 0 and 5),
  // worker rows 1-5 and 7-11 (Ethernet in rows 0 and 6). An n150 has rows
  // harvested, which rows varies per chip: the grid takes the first ones.
  NocLayout l;
  l.width = 10;
  l.height = 12;
  l.workerCols = {1, 2, 3, 4, 6, 7, 8, 9};
  l.workerRows = {1, 2, 3, 4, 5, 7, 8, 9, 10, 11};
  l.dramEndpoints = {{0, 11}, {0, 1}, {0, 5}, {0, 7}, {5, 1}, {5, 11},
                     {5, 2},  {5, 9}, {5, 8}, {5, 3}, {5, 5}, {5, 7}};
  l.workerCols.resize(gridX);
  l.workerRows.resize(gridY);
  return l;
}

NocLayout blackholeP150(uint32_t gridX, uint32_t gridY) {
  // 17x12 torus; worker columns 1-7 and 10-16 (DRAM in columns 0 and 9,
  // routers only in column 8), worker rows 2-11 (Ethernet in row 1). The
  // p150's 13 (or, with newer firmware, 11) columns take the first ones.
  NocLayout l;
  l.width = 17;
  l.height = 12;
  l.workerCols = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 16};
  l.workerRows = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  l.dramEndpoints = {{0, 11}, {0, 3}, {0, 8}, {0, 6},
                     {9, 11}, {9, 3}, {9, 8}, {9, 6}};
  l.workerCols.resize(gridX);
  l.workerRows.resize(gridY);
  return l;
}

} // namespace

const NocLayout &nocLayoutFor(const ArchSpec &arch) {
  static const NocLayout wh = wormholeN150(8, 8);
  static const NocLayout bh = blackholeP150(13, 10);
  static const NocLayout bh11 = blackholeP150(11, 10);
  if (arch.arch != tt::ARCH::BLACKHOLE)
    return wh;
  return arch.gridX == 11 ? bh11 : bh;
}

} // namespace ttemu
