#include "emu/cli/checkpoint_run.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "emu/common/status_line.h"
#include "emu/cpu/instruction.h"
#include "emu/machine/machine.h"
#include "emu/stats/regions.h"

namespace emu {

namespace {

volatile sig_atomic_t g_checkpoint_signal = 0;
void on_sigusr1(int) { g_checkpoint_signal = 1; }

}  // namespace

Checkpointer::Checkpointer(const CliConfig& cfg, CheckpointRun run)
    : cfg_(cfg), run_(std::move(run)), first_(*run_.stations.at(0).machine) {
  if (cfg_.checkpoint_path.empty()) return;
  struct sigaction sa {};
  sa.sa_handler = on_sigusr1;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGUSR1, &sa, nullptr);
  at_pending_ = cfg_.checkpoint_at_cycle || cfg_.checkpoint_at_region;
  if (!cfg_.checkpoint_at_region) return;
  const bool alone = run_.segment == nullptr;
  for (const CheckpointRun::Station& s : run_.stations) {
    RegionRecorder* regions = s.regions;
    Machine* m = s.machine;
    m->set_emu_op_listener([this, regions, alone, m](unsigned op, u32 value) {
      if (regions) regions->on_emu_op(op, value);
      if (op == mips::kEmuRegionBegin && value == cfg_.checkpoint_region && at_pending_ && !region_hit_) {
        region_hit_ = true;
        // Alone, the machine stops at the end of this block and is saved there; on a
        // segment all are saved after the round (a stop of its own would end its part).
        if (alone) {
          stopped_for_region_ = true;
          m->cpu().request_stop();
        }
      }
    });
  }
}

Checkpointer::~Checkpointer() {
  if (!cfg_.checkpoint_at_region) return;
  for (const CheckpointRun::Station& s : run_.stations) {
    RegionRecorder* regions = s.regions;
    s.machine->set_emu_op_listener([regions](unsigned op, u32 value) {
      if (regions) regions->on_emu_op(op, value);
    });
  }
}

void Checkpointer::save(const char* why) {
  write_checkpoint(cfg_.checkpoint_path, run_);
  const std::string msg = "emu: checkpoint " + cfg_.checkpoint_path + " written at cycle " +
                          std::to_string(first_.cpu().cycles()) + (run_.stations.size() > 1 ? " of machine 0" : "") +
                          " (" + why + ")\n";
  std::fflush(stdout);
  StatusLine::before_write(2);  // a live status line goes first (emu/common/status_line.h)
  std::fputs(msg.c_str(), stderr);
  std::fflush(stderr);
  StatusLine::after_write(2, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
}

bool Checkpointer::due() const {
  return at_pending_ && ((cfg_.checkpoint_at_cycle && first_.cpu().cycles() >= cfg_.checkpoint_at_cycle) || region_hit_);
}

void Checkpointer::after_round() {
  if (cfg_.checkpoint_path.empty()) return;
  if (g_checkpoint_signal) {
    g_checkpoint_signal = 0;
    save("SIGUSR1");
  }
  if (due()) {
    at_pending_ = false;
    save("--checkpoint-at");
  }
}

Cpu::Stop Checkpointer::run_one(Cycles cycle_limit, u64 instruction_limit, Cycles slice,
                                const std::function<void()>& between) {
  const bool saving = !cfg_.checkpoint_path.empty();
  if (!saving && !slice) return first_.run(cycle_limit, instruction_limit);
  // A signal is looked at between pieces of this much simulated time (10 ms).
  if (saving) slice = std::min<Cycles>(slice ? slice : ~Cycles(0), std::max<Cycles>(first_.profile().cpu_hz / 100, 1));
  for (;;) {
    const Cycles now = first_.cpu().cycles();
    Cycles end = cycle_limit - now > slice ? now + slice : cycle_limit;
    if (at_pending_ && cfg_.checkpoint_at_cycle) end = std::min(end, std::max(cfg_.checkpoint_at_cycle, now));
    const Cpu::Stop stop = first_.run(end, instruction_limit);
    after_round();
    if (between) between();
    if (stop == Cpu::Stop::Requested && stopped_for_region_) {  // the stop was ours
      stopped_for_region_ = false;
      continue;
    }
    if (stop != Cpu::Stop::Cycles || first_.cpu().cycles() >= cycle_limit) return stop;
  }
}

bool Checkpointer::finish() {
  if (cfg_.checkpoint_path.empty()) return false;
  if (!cfg_.checkpoint_at_cycle && !cfg_.checkpoint_at_region) save("end of run");
  return at_pending_;
}

}  // namespace emu
