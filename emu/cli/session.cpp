#include "emu/cli/session.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include "emu/checkpoint/checkpoint.h"
#include "emu/cli/checkpoint_run.h"
#include "emu/cli/exec_trace.h"
#include "emu/cli/progress.h"
#include "emu/cli/run_files.h"
#include "emu/common/error.h"
#include "emu/common/output_file.h"
#include "emu/display/screen_run.h"
#include "emu/debug/gdb_server.h"
#include "emu/machine/machine_node.h"
#include "emu/net/loss_filter.h"
#include "emu/net/pcap_writer.h"
#include "emu/net/segment.h"
#include "emu/stats/stats_report.h"
#include "emu/trace/machine_tracer.h"

namespace emu {

namespace {

constexpr int kExitEmulator = 3, kExitLimit = 4;

struct Station {
  std::unique_ptr<Machine> machine;
  std::unique_ptr<RegionRecorder> regions;
  std::unique_ptr<MachineNode> node;  // on a network only
  std::unique_ptr<trace::MachineTracer> tracer;  // --trace
  std::unique_ptr<trace::TracingPort> port;      // sent frames to the trace
  Cpu::Stop stop = Cpu::Stop::None;
};

void name_regions(RegionRecorder& r, const std::vector<std::string>& names) {
  for (const auto& spec : names) {
    const auto [id, name] = parse_region_name(spec);
    r.name(id, name);
  }
}

RunSummary summarise(Station& s, double host_seconds) {
  RunSummary sum;
  sum.host_seconds = host_seconds;
  switch (s.stop) {
    case Cpu::Stop::Halted:
      sum.stop_reason = "halted";
      sum.exit_status = s.machine->cpu().exit_status();
      break;
    case Cpu::Stop::Cycles:
      sum.stop_reason = "cycle-limit";
      sum.exit_status = kExitLimit;
      break;
    case Cpu::Stop::Instructions:
      sum.stop_reason = "instruction-limit";
      sum.exit_status = kExitLimit;
      break;
    default:
      sum.stop_reason = "stopped";
      sum.exit_status = kExitEmulator;
      break;
  }
  return sum;
}

void write_stats(const CliConfig& cfg, std::vector<Station>& st, const std::vector<RunSummary>& sums,
                 const net::Segment* seg, std::ostream* out) {
  const bool csv = cfg.stats_path.size() > 4 && cfg.stats_path.compare(cfg.stats_path.size() - 4, 4, ".csv") == 0;
  if (csv) {
    for (size_t k = 0; k < st.size(); ++k) write_stats_csv(*out, *st[k].machine, st[k].regions.get(), unsigned(k), k == 0);
    return;
  }
  if (!seg) {
    write_stats_json(*out, *st[0].machine, sums[0], st[0].regions.get());
    return;
  }
  // Several machines, or a network: one object per machine, then the network's counters.
  *out << "{\n\"machines\": [\n";
  for (size_t k = 0; k < st.size(); ++k) {
    if (k) *out << ",\n";
    write_stats_json(*out, *st[k].machine, sums[k], st[k].regions.get());
  }
  *out << "],\n\"network\": {\"stations\": [";
  for (size_t k = 0; k < seg->node_count(); ++k) {
    const net::StationStats& n = seg->stats(k);
    *out << (k ? ", " : "") << "{\"station\": " << seg->station_id(k) << ", \"sent\": " << n.sent
         << ", \"dropped\": " << n.dropped << ", \"corrupted\": " << n.corrupted << ", \"delivered\": " << n.delivered
         << "}";
  }
  const net::SyncStats& sy = seg->sync_stats();
  *out << "],\n \"sync_rounds\": " << sy.rounds << ", \"sync_runs\": " << sy.runs << ", \"sync_waits\": " << sy.waits
       << ", \"sync_wait_host_seconds\": " << sy.wait_seconds << "}\n}\n";
}

}  // namespace

int run_session(const CliConfig& cfg) {
  // Outputs are checked and opened before any machine loads a file (output_file.h): a bad
  // one fails fast, and none can replace an input. They are put in place at the end.
  run_files_of(cfg).check();
  std::unique_ptr<OutputFile> stats;
  if (!cfg.stats_path.empty())
    stats = std::make_unique<OutputFile>(cfg.stats_path, "--stats", OutputFile::Partial::kRemove, STDERR_FILENO);
  std::unique_ptr<OutputFile> screenshot;
  if (!cfg.display.screenshot.empty())
    screenshot = std::make_unique<OutputFile>(cfg.display.screenshot, "--screenshot", OutputFile::Partial::kRemove);
  std::unique_ptr<net::PcapWriter> pcap;
  if (!cfg.pcap.empty()) pcap = std::make_unique<net::PcapWriter>(cfg.pcap);
  std::vector<std::unique_ptr<OutputFile>> trace_files(cfg.nodes.size());
  const bool several = cfg.nodes.size() > 1;
  auto trace_label = [&](size_t k) { return several ? "--node " + std::to_string(k) + ":trace" : std::string("--trace"); };
  for (size_t k = 0; k < trace_files.size(); ++k)
    if (!cfg.trace_paths[k].empty())
      trace_files[k] = std::make_unique<OutputFile>(cfg.trace_paths[k], trace_label(k), OutputFile::Partial::kRemove);

  std::vector<Station> st(cfg.nodes.size());
  for (size_t k = 0; k < st.size(); ++k) {
    st[k].machine = std::make_unique<Machine>(cfg.nodes[k]);
    st[k].regions = std::make_unique<RegionRecorder>(st[k].machine->cpu());
    name_regions(*st[k].regions, cfg.region_names);
  }
  // The screens are machine 0's (the display options refuse several machines).
  std::unique_ptr<ScreenRun> screens;
  if (cfg.display.wanted()) screens = std::make_unique<ScreenRun>(*st[0].machine, cfg.display, screenshot.get());
  if (screens && !cfg.checkpoint_path.empty())
    throw UserError("--checkpoint with --display or --screenshot: not supported yet (the screens cut the run at moments of their own)");
  for (size_t k = 0; k < st.size(); ++k) {
    RegionRecorder* r = st[k].regions.get();
    if (trace_files[k])
      st[k].tracer = std::make_unique<trace::MachineTracer>(*st[k].machine, std::move(trace_files[k]), cfg.trace, k,
                                                            cfg.argv, "emu: " + trace_label(k) + " " + cfg.trace_paths[k] + ": ");
    trace::MachineTracer* t = st[k].tracer.get();
    ScreenRun* sr = k == 0 ? screens.get() : nullptr;
    st[k].machine->set_emu_op_listener([r, t, sr](unsigned op, u32 value) {
      r->on_emu_op(op, value);
      if (t) t->on_emu_op(op, value);
      if (sr) sr->on_emu_op(op, value);
    });
    name_regions(*r, cfg.region_names);
  }

  std::unique_ptr<ExecTraceWriter> tracer;
  if (cfg.trace_exec) {
    tracer = std::make_unique<ExecTraceWriter>(stderr, st[0].machine->cpu(), st[0].machine->kernel());
    st[0].machine->cpu().set_tracer(tracer.get());
  }
  const Cycles cycle_limit = cfg.max_cycles ? cfg.max_cycles : ~Cycles(0);
  const u64 instr_limit = cfg.max_instructions ? cfg.max_instructions : ~u64(0);

  std::unique_ptr<debug::GdbServer> gdb;
  if (!cfg.gdb.empty()) {
    if (!cfg.checkpoint_path.empty())
      throw UserError("--gdb with --checkpoint: not supported yet (a debugger's stops and a checkpoint's save points do not share a run loop)");
    for (const auto& t : cfg.trace_paths)
      if (!t.empty())
        throw UserError("--gdb with --trace: not supported yet (the traced block executor does not offer instructions to a debugger)");
    if (cfg.display.wanted())
      throw UserError("--gdb with --display or --screenshot: not supported yet (the debugger's run loop does not cut the run for the screens)");
    gdb = std::make_unique<debug::GdbServer>(cfg.gdb, *st[0].machine);
  }

  std::vector<Machine*> machines;
  for (auto& s : st) machines.push_back(s.machine.get());
  const bool live = StatusLine::wanted(cfg.quiet);

  const auto t0 = std::chrono::steady_clock::now();
  std::unique_ptr<net::Segment> seg;
  bool checkpoint_missed = false;
  // What a checkpoint holds of this run (emu/checkpoint/checkpoint.h). A restored run
  // continues from it; this command line's region names win.
  auto restore = [&](const CheckpointRun& parts) {
    if (cfg.restore_path.empty()) return;
    restore_checkpoint(cfg.restore_path, parts);
    for (auto& s : st) name_regions(*s.regions, cfg.region_names);
  };
  std::unique_ptr<Progress> progress;
  if (!cfg.networked()) {
    CheckpointRun parts{{{st[0].machine.get(), st[0].regions.get()}}};
    restore(parts);
    if (gdb) {
      st[0].stop = gdb->run(cycle_limit, instr_limit, cfg.gdb_wait);
    } else if (screens) {
      // The screens cut the run at their own moments (emu/display/screen_run.h); in slices
      // when the status line is drawn between them; both transparent (Cpu::run).
      Machine& m = *st[0].machine;
      if (!live) {
        st[0].stop = screens->run(cycle_limit, instr_limit);
      } else {
        progress = std::make_unique<Progress>(machines, nullptr);
        for (;;) {
          const Cycles now = m.cpu().cycles();
          const Cycles end = cycle_limit - now > Progress::kSliceCycles ? now + Progress::kSliceCycles : cycle_limit;
          st[0].stop = screens->run(end, instr_limit);
          if (st[0].stop != Cpu::Stop::Cycles || m.cpu().cycles() >= cycle_limit) break;
          progress->tick();
        }
      }
    } else {
      Checkpointer ck(cfg, parts);
      // With a status line, in slices to draw it between them; transparent (Cpu::run).
      if (live) progress = std::make_unique<Progress>(machines, nullptr);
      st[0].stop = ck.run_one(cycle_limit, instr_limit, progress ? Progress::kSliceCycles : 0,
                              [p = progress.get()] { if (p) p->tick(); });
      checkpoint_missed = ck.finish();
    }
  } else {
    net::SegmentConfig sc;
    try {
      if (!cfg.net_loss.empty()) sc.loss = net::parse_loss_spec(cfg.net_loss);
    } catch (const net::NetError& e) {
      throw UserError(std::string("--net-loss: ") + e.what());
    }
    seg = std::make_unique<net::Segment>(sc);
    for (auto& s : st) {
      s.node = std::make_unique<MachineNode>(*s.machine, cycle_limit, instr_limit);
      if (gdb && &s == &st[0]) s.node->set_watcher(gdb.get());  // the debugger watches machine 0
      net::EthernetPort* port = &seg->add_node(*s.node, s.machine->profile().cpu_hz, s.machine->profile().name);
      if (trace::MachineTracer* t = s.tracer.get()) {
        s.port = std::make_unique<trace::TracingPort>(*port, *t);
        port = s.port.get();
        s.node->set_receive_observer(
            [t](const net::Frame& f, Cycles at, net::Picos ps) { t->frame_received(f, at, ps); });
      }
      s.machine->attach_ethernet(port);
    }
    for (const auto& spec : cfg.net) seg->attach(spec);
    seg->capture_to(pcap.get());
    CheckpointRun parts;
    for (auto& s : st) parts.stations.push_back({s.machine.get(), s.regions.get(), s.node.get()});
    parts.segment = seg.get();
    restore(parts);
    Checkpointer ck(cfg, parts);
    if (live) progress = std::make_unique<Progress>(machines, seg.get());
    seg->on_round([&ck, p = progress.get()] {
      if (p) p->tick();
      ck.after_round();
    });
    bool killed = false;
    if (gdb && cfg.gdb_wait) {
      gdb->wait_for_client();
      killed = !gdb->hold();
    }
    if (!killed) seg->run();
    checkpoint_missed = ck.finish();
    for (auto& s : st) s.stop = s.node->stop();
    if (killed) st[0].stop = Cpu::Stop::Requested;
  }
  const double host_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::fflush(stdout);
  progress.reset();  // erase the line before our own messages

  std::vector<RunSummary> sums;
  int status = 0;
  for (size_t k = 0; k < st.size(); ++k) {
    sums.push_back(summarise(st[k], host_seconds));
    const RunSummary& s = sums.back();
    if (!st[k].regions->empty()) {
      if (st.size() > 1) std::cerr << "machine " << k << " ";
      st[k].regions->write_table(std::cerr, st[k].machine->profile().cpu_hz);
    }
    if (s.exit_status == kExitLimit)
      std::fprintf(stderr, "emu: %s%s reached after %llu cycles, %llu instructions\n",
                   st.size() > 1 ? ("machine " + std::to_string(k) + ": ").c_str() : "", s.stop_reason.c_str(),
                   (unsigned long long)st[k].machine->cpu().cycles(),
                   (unsigned long long)st[k].machine->cpu().stats().instructions);
    if (status == 0) status = s.exit_status;
  }
  if (cfg.state_hash)
    std::fprintf(stderr, "emu: state hash %016llx\n", (unsigned long long)state_hash(*st[0].machine));
  if (checkpoint_missed) {
    std::fprintf(stderr, "emu: --checkpoint-at: the run ended before the checkpoint was due; %s was not written\n",
                 cfg.checkpoint_path.c_str());
    if (status == 0) status = kExitEmulator;
  }
  // The run ended in order (whatever the guest's status): the outputs are complete. The
  // stats are written out before any output is put in place, so that a full disk leaves
  // every old file (and the streams' .partial files), not a mixture.
  if (stats) {
    std::ostringstream text;
    write_stats(cfg, st, sums, seg.get(), &text);
    stats->write(text.str().data(), text.str().size());
    stats->flush();
  }
  if (screens) screens->finish();
  for (auto& s : st) s.machine->commit_outputs();
  if (screenshot) screenshot->commit();
  for (auto& s : st)
    if (s.tracer) s.tracer->finish();
  if (pcap) pcap->close();
  if (stats) stats->commit();
  return status;
}

}  // namespace emu
