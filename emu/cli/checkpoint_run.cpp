#include "emu/cli/checkpoint_run.h"

#include <signal.h>

#include <algorithm>
#include <cstdio>

#include "emu/checkpoint/checkpoint.h"
#include "emu/cpu/instruction.h"
#include "emu/machine/machine.h"
#include "emu/stats/regions.h"

namespace emu {

namespace {

volatile sig_atomic_t g_checkpoint_signal = 0;
void on_sigusr1(int) { g_checkpoint_signal = 1; }

void install_sigusr1() {
  struct sigaction sa {};
  sa.sa_handler = on_sigusr1;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  ::sigaction(SIGUSR1, &sa, nullptr);
}

void save(const CliConfig& cfg, Machine& m, RegionRecorder& regions, const char* why) {
  write_checkpoint(cfg.checkpoint_path, m, &regions);
  std::fflush(stdout);
  std::fprintf(stderr, "emu: checkpoint %s written at cycle %llu (%s)\n", cfg.checkpoint_path.c_str(),
               (unsigned long long)m.cpu().cycles(), why);
}

}  // namespace

Cpu::Stop run_with_checkpoints(const CliConfig& cfg, Machine& m, RegionRecorder& regions, Cycles cycle_limit,
                               u64 instruction_limit, bool& missed) {
  missed = false;
  if (cfg.checkpoint_path.empty()) return m.run(cycle_limit, instruction_limit);
  install_sigusr1();
  // A signal is looked at between pieces of this much simulated time (10 ms).
  const Cycles signal_slice = std::max<Cycles>(m.profile().cpu_hz / 100, 1);
  bool at_pending = cfg.checkpoint_at_cycle || cfg.checkpoint_at_region;
  bool region_hit = false, stopped_for_region = false;
  if (cfg.checkpoint_at_region)
    m.set_emu_op_listener([&](unsigned op, u32 value) {
      regions.on_emu_op(op, value);
      if (op == mips::kEmuRegionBegin && value == cfg.checkpoint_region && at_pending && !region_hit) {
        region_hit = stopped_for_region = true;
        m.cpu().request_stop();  // at the end of this block
      }
    });
  Cpu::Stop stop;
  for (;;) {
    Cycles end = std::min(cycle_limit, m.cpu().cycles() + signal_slice);
    if (at_pending && cfg.checkpoint_at_cycle) end = std::min(end, std::max(cfg.checkpoint_at_cycle, m.cpu().cycles()));
    stop = m.run(end, instruction_limit);
    if (g_checkpoint_signal) {
      g_checkpoint_signal = 0;
      save(cfg, m, regions, "SIGUSR1");
    }
    if (at_pending && ((cfg.checkpoint_at_cycle && m.cpu().cycles() >= cfg.checkpoint_at_cycle) || region_hit)) {
      at_pending = false;
      save(cfg, m, regions, "--checkpoint-at");
    }
    if (stop == Cpu::Stop::Requested && stopped_for_region) {  // the stop was ours
      stopped_for_region = false;
      continue;
    }
    if (stop != Cpu::Stop::Cycles || m.cpu().cycles() >= cycle_limit) break;
  }
  if (cfg.checkpoint_at_region) m.set_emu_op_listener([&regions](unsigned op, u32 value) { regions.on_emu_op(op, value); });
  if (!cfg.checkpoint_at_cycle && !cfg.checkpoint_at_region) save(cfg, m, regions, "end of run");
  missed = at_pending;
  return stop;
}

}  // namespace emu
