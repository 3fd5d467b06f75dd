// TT_EMU_PROFILE=DIR: a readable profile of the last run. summary.txt says
// per core and processor (the three TRISCs of a compute kernel apart) how
// much of the device time it was busy and what it waited for; trace.json is
// the Chrome trace (TRISCs as tracks); heatmap.svg colours each core by
// the utilisation of its busiest processor, to spot imbalance at a glance.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/format.h>

#include "Cost/DeviceZones.h"
#include "Cost/RunReport.h"
#include "Kernel/RunState.h"

namespace ttemu {
namespace {

struct Row {
  uint32_t x, y;
  std::string processor, kernel;
  uint64_t end, busy;
  StallCycles stall;
};

std::vector<Row> rowsOf(Run &r) {
  std::vector<Row> rows;
  for (auto &t : r.threads) {
    if (t->processor == Processor::TRISC) {
      for (uint32_t i = 0; i < kTriscs; ++i)
        rows.push_back({t->core->x, t->core->y,
                        triscName(static_cast<Trisc>(i)), t->kernel->name,
                        t->pipe.clock[i], t->pipe.busy[i], t->pipe.stall[i]});
    } else {
      rows.push_back({t->core->x, t->core->y, processorName(t->processor),
                      t->kernel->name, t->clock, t->busy, t->stall});
    }
  }
  // By core, processors in run order (std::stable_sort's buffer is
  // deprecated in this libstdc++).
  std::vector<size_t> order(rows.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return std::tie(rows[a].y, rows[a].x, a) <
           std::tie(rows[b].y, rows[b].x, b);
  });
  std::vector<Row> sorted;
  for (size_t i : order)
    sorted.push_back(rows[i]);
  return sorted;
}

std::string summary(Run &r, const std::vector<Row> &rows, uint64_t device) {
  double us = device / (r.dev.arch.clockGHz * 1000.0);
  std::string s = fmt::format(
      "tt-emu profile: {} cycles = {:.3f} us on {} ({} processors)\n"
      "Percentages are of the device time. 'done' is time after the "
      "processor finished; stalls say what it waited for.\n\n",
      device, us, r.dev.arch.name, rows.size());
  s += fmt::format("{:<10} {:<7} {:>10} {:>6} {:>6}  {}\n", "core", "proc",
                   "busy", "busy%", "done%", "stalls (% of device)");
  auto pct = [device](uint64_t c) {
    return device ? 100.0 * double(c) / double(device) : 0.0;
  };
  for (const Row &w : rows) {
    std::string stalls;
    for (uint32_t i = 0; i < kStalls; ++i)
      if (w.stall[i])
        stalls +=
            fmt::format("{}{} {:.1f}", stalls.empty() ? "" : ", ",
                        stallName(static_cast<Stall>(i)), pct(w.stall[i]));
    s += fmt::format("{:<10} {:<7} {:>10} {:>5.1f}% {:>5.1f}%  {}\n",
                     fmt::format("({},{})", w.x, w.y), w.processor, w.busy,
                     pct(w.busy), pct(device - w.end),
                     stalls.empty() ? "-" : stalls);
  }
  return s;
}

std::string heatmap(Run &r, const std::vector<Row> &rows, uint64_t device) {
  std::map<std::pair<uint32_t, uint32_t>, double> util;
  for (const Row &w : rows) {
    double u = device ? double(w.busy) / double(device) : 0.0;
    auto &v = util[{w.x, w.y}];
    v = std::max(v, u);
  }
  constexpr int cell = 48, pad = 24;
  uint32_t gx = r.dev.arch.gridX, gy = r.dev.arch.gridY;
  std::string s = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" "
      "font-family=\"sans-serif\" font-size=\"11\">\n"
      "<text x=\"{}\" y=\"16\">Utilisation of each core's busiest processor "
      "({} cycles)</text>\n",
      gx * cell + 2 * pad, gy * cell + 2 * pad + 8, pad, device);
  for (uint32_t y = 0; y < gy; ++y)
    for (uint32_t x = 0; x < gx; ++x) {
      int px = pad + int(x) * cell, py = pad + 8 + int(y) * cell;
      auto it = util.find({x, y});
      std::string fill = "#dddddd", label = "";
      if (it != util.end()) {
        // White (idle) to dark red (busy the whole run).
        double u = std::clamp(it->second, 0.0, 1.0);
        int g = int(255 * (1 - u)), rch = int(255 - 100 * u);
        fill = fmt::format("rgb({},{},{})", rch, g, g);
        label = fmt::format("{:.0f}%", 100 * u);
      }
      s += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                       "fill=\"{}\" stroke=\"#888\"/>\n",
                       px, py, cell, cell, fill);
      s += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">"
                       "({},{}) {}</text>\n",
                       px + cell / 2, py + cell / 2 + 4, x, y, label);
    }
  return s + "</svg>\n";
}

void writeFile(const std::filesystem::path &path, const std::string &text) {
  std::ofstream out(path);
  if (!out)
    std::fprintf(stderr, "tt-emu: cannot write %s\n", path.c_str());
  out << text;
}

} // namespace

void writeProfile(Run &r, const std::string &dir, uint64_t deviceCycles) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<Row> rows = rowsOf(r);
  std::filesystem::path d(dir);
  writeFile(d / "summary.txt", summary(r, rows, deviceCycles));
  writeFile(d / "heatmap.svg", heatmap(r, rows, deviceCycles));
  writeTrace(r, (d / "trace.json").string(), r.dev.arch.clockGHz);
  zones::writeProfileFiles(d); // DeviceZoneScopedN zones, if the run had any
}

} // namespace ttemu
