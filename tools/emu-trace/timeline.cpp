// `emu-trace timeline`: the traces of one run (a linked run: one per machine) as Chrome
// trace-event JSON ("JSON Object Format": traceEvents, ph X/i/M, ts in microseconds), which
// Perfetto (ui.perfetto.dev) and chrome://tracing open. One process per machine with a
// track for its guest tasks, one for its regions and one for its markers; a process "wire"
// with each frame from the start of its preamble at the sender to its last bit at the
// receiver (a sent and a received FRAME record pair up by length and CRC). All on one time
// axis: simulated time in the picoseconds linked machines share (cycles × 10¹² / cpu_hz).
#include <cinttypes>
#include <cstdio>
#include <algorithm>
#include <map>

#include "emu/common/error.h"
#include "tools/emu-trace/commands.h"
#include "tools/emu-trace/trace_walk.h"

namespace emu::trace::tool {
namespace {

enum Track { kTasks = 1, kRegions = 2, kMarkers = 3, kFrames = 4 };

struct Frame {
  u64 ps, length, crc;
  std::string head;
  int pid;
  bool used = false;
};

class Timeline : public TraceVisitor {
 public:
  Timeline(std::ostream& out, int pid, const TraceHeader& h, std::vector<Frame>& sent, std::vector<Frame>& received)
      : out_(out), pid_(pid), h_(h), sent_(sent), received_(received) {
    // --region-name K=NAME on the traced command line names the regions.
    for (size_t i = 0; i + 1 < h.argv.size(); ++i)
      if (h.argv[i] == "--region-name")
        if (auto eq = h.argv[i + 1].find('='); eq != std::string::npos)
          region_names_[h.argv[i + 1].substr(0, eq)] = h.argv[i + 1].substr(eq + 1);
  }
  void on_record(const Record& r) override {
    last_ = std::max(last_, r.time);
    switch (r.type) {
      case RecordType::Context:
        end_task(r.time);
        task_ = r.a, task_start_ = r.time, in_task_ = true;
        break;
      case RecordType::Region:
        if (r.kind == 0) {
          open_[r.a].push_back(r.time);
        } else if (!open_[r.a].empty()) {
          event(kRegions, region_name(r.a), open_[r.a].back(), r.time);
          open_[r.a].pop_back();
        }
        break;
      case RecordType::Marker:
        instant(kMarkers, "marker " + std::to_string(r.a), r.time);
        break;
      case RecordType::Frame: {
        bool sent = r.kind == u8(FrameDir::Sent);
        instant(kFrames, std::string(sent ? "sent " : "received ") + std::to_string(r.n) + " bytes", r.time);
        (sent ? sent_ : received_).push_back({r.a, r.n, r.c, r.head, pid_});
        break;
      }
      default:
        break;
    }
  }
  void on_block(const InsnBlock& b) override { last_ = std::max(last_, b.time + b.cycles()); }
  void finish() {
    end_task(last_);
    for (auto& [id, starts] : open_)
      for (u64 t : starts) event(kRegions, region_name(id) + " (not ended)", t, last_);
  }

 private:
  double us(u64 cycles) const { return double(cycles) * 1e6 / double(h_.cpu_hz); }
  std::string region_name(u64 id) {
    auto it = region_names_.find(std::to_string(id));
    return it != region_names_.end() ? it->second : "region " + std::to_string(id);
  }
  void end_task(u64 t) {
    if (!in_task_) return;
    event(kTasks, "task " + std::to_string(task_ >> 16) + " thread " + std::to_string(task_ & 0xffff), task_start_, t);
    in_task_ = false;
  }
  void event(int tid, const std::string& name, u64 from, u64 to) {
    char b[96];
    std::snprintf(b, sizeof b, "\"ph\": \"X\", \"pid\": %d, \"tid\": %d, \"ts\": %.4f, \"dur\": %.4f", pid_, tid, us(from),
                  us(to) - us(from));
    out_ << ",\n{\"name\": " << json_string(name) << ", " << b << "}";
  }
  void instant(int tid, const std::string& name, u64 at) {
    char b[96];
    std::snprintf(b, sizeof b, "\"ph\": \"i\", \"s\": \"t\", \"pid\": %d, \"tid\": %d, \"ts\": %.4f", pid_, tid, us(at));
    out_ << ",\n{\"name\": " << json_string(name) << ", " << b << "}";
  }

  std::ostream& out_;
  int pid_;
  const TraceHeader& h_;
  std::vector<Frame>& sent_;
  std::vector<Frame>& received_;
  std::map<std::string, std::string> region_names_;
  std::map<u64, std::vector<u64>> open_;  // region id -> begin times (nested)
  u64 task_ = 0, task_start_ = 0, last_ = 0;
  bool in_task_ = false;
};

void meta(std::ostream& out, const char* what, int pid, int tid, const std::string& name) {
  out << ",\n{\"name\": \"" << what << "\", \"ph\": \"M\", \"pid\": " << pid << ", \"tid\": " << tid
      << ", \"args\": {\"name\": " << json_string(name) << "}}";
}

// "UDP 10.0.0.1:1024 -> 10.0.0.2:7" / "ARP" / "ethertype 0x...", from the frame's head.
std::string describe(const std::string& head) {
  auto b = [&](size_t i) { return i < head.size() ? unsigned(u8(head[i])) : 0u; };
  unsigned type = b(12) << 8 | b(13);
  char s[96];
  if (type == 0x0806) return "ARP";
  if (type == 0x0800 && head.size() >= 38 && b(23) == 17) {
    std::snprintf(s, sizeof s, "UDP %u.%u.%u.%u:%u -> %u.%u.%u.%u:%u", b(26), b(27), b(28), b(29), b(34) << 8 | b(35), b(30),
                  b(31), b(32), b(33), b(36) << 8 | b(37));
    return s;
  }
  std::snprintf(s, sizeof s, "ethertype 0x%04x", type);
  return s;
}

}  // namespace

int timeline(const Args& a, std::ostream& out) {
  constexpr int kWirePid = 0;
  std::vector<Frame> sent, received;
  out << "{\"displayTimeUnit\": \"ns\", \"traceEvents\": [\n";
  out << "{\"name\": \"process_name\", \"ph\": \"M\", \"pid\": " << kWirePid << ", \"args\": {\"name\": \"wire\"}}";
  for (size_t i = 0; i < a.positional.size(); ++i) {
    TraceReader reader(a.positional[i]);
    const TraceHeader& h = reader.header();
    if (h.cpu_hz == 0) throw UserError(reader.path() + ": the header gives no CPU clock");
    int pid = int(i) + 1;
    meta(out, "process_name", pid, 0, "machine " + std::to_string(h.node) + " (" + h.machine + (h.mac.empty() ? "" : " " + h.mac) + ")");
    meta(out, "thread_name", pid, kTasks, "tasks");
    meta(out, "thread_name", pid, kRegions, "regions");
    meta(out, "thread_name", pid, kMarkers, "markers");
    meta(out, "thread_name", pid, kFrames, "frames");
    meta(out, "thread_name", kWirePid, pid, "from machine " + std::to_string(h.node));
    Timeline t(out, pid, h, sent, received);
    walk(reader, t);
    t.finish();
  }
  // A received frame's sender: the latest frame with its length and CRC that another
  // machine sent before it arrived (a frame sent again, such as an unanswered ARP request,
  // is the same bytes; the copies nobody received stay unpaired).
  auto by_time = [](const Frame& x, const Frame& y) { return x.ps < y.ps; };
  std::map<std::pair<u64, u64>, std::vector<Frame*>> copies;  // (length, CRC) -> sent, by time
  std::sort(sent.begin(), sent.end(), by_time);
  for (Frame& f : sent) copies[{f.length, f.crc}].push_back(&f);
  for (const Frame& r : received) {
    auto it = copies.find({r.length, r.crc});
    if (it == copies.end()) continue;
    auto& v = it->second;
    auto after = std::upper_bound(v.begin(), v.end(), r.ps, [](u64 ps, const Frame* f) { return ps < f->ps; });
    Frame* s = nullptr;
    for (auto p = after; p != v.begin() && !s;)
      if ((*--p)->pid != r.pid) s = *p;
    if (!s || s->used) continue;
    s->used = true;
    char b[128];
    std::snprintf(b, sizeof b, "\"ph\": \"X\", \"pid\": %d, \"tid\": %d, \"ts\": %.6f, \"dur\": %.6f", kWirePid, s->pid,
                  double(s->ps) / 1e6, (double(r.ps) - double(s->ps)) / 1e6);
    out << ",\n{\"name\": " << json_string(describe(s->head)) << ", " << b << "}";
  }
  out << "\n]}\n";
  return 0;
}

}  // namespace emu::trace::tool
