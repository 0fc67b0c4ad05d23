// The `emu` command: build a machine from a profile, boot it, run it, report.
// Exit status (README "Running a guest"): 0 the guest halted through the PROM; 1 the guest
// took an exception the boot ROM had to catch (it prints what happened); 2 a bad command
// line or input file; 3 an emulator error; 4 --max-cycles or --max-instructions reached.
#include <boost/program_options.hpp>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "emu/cli/exec_trace.h"
#include "emu/common/error.h"
#include "emu/machine/machine.h"
#include "emu/stats/stats_report.h"

namespace po = boost::program_options;
using namespace emu;

namespace {

constexpr int kExitUser = 2, kExitEmulator = 3, kExitLimit = 4;

std::string machine_list() {
  std::string s;
  for (const auto& p : machine_profiles()) s += std::string("  ") + p.name + "  " + p.description + "\n";
  return s;
}

int run(int argc, char** argv) {
  MachineOptions mo;
  std::string stats_path;
  u64 max_cycles = 0, max_instructions = 0;
  std::vector<std::string> serial_specs;
  std::string timing_mode = "on";
  std::vector<std::string> region_names;
  std::string lance_dma = "buffer";

  po::options_description desc("Usage: emu --machine NAME --kernel FILE [options]\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("machine,m", po::value(&mo.machine)->default_value("ds3100"), "machine: ds2100, ds3100, ds5000-200")
      ("list-machines", "list the machines and exit")
      ("kernel,k", po::value(&mo.kernel), "ELF kernel image to boot (netbooted into RAM)")
      ("append", po::value(&mo.append), "boot arguments, as typed after `boot` at the PROM prompt")
      ("prompt", "stop at the PROM >> prompt even with --kernel (`boot` there starts it)")
      ("memory", po::value(&mo.memory_mb), "RAM in MiB (default and limits depend on the machine)")
      ("firmware", po::value(&mo.firmware), "boot ROM image to use instead of ours")
      ("max-cycles", po::value(&max_cycles), "stop after N cycles (exit status 4)")
      ("max-instructions", po::value(&max_instructions), "stop after N instructions (exit status 4)")
      ("stats", po::value(&stats_path), "write run statistics as JSON to FILE ('-' = stderr)")
      ("trace-exec", "print every executed instruction to stderr (slow)")
      ("rtc-host-time", "start the real-time clock at the host's time instead of a fixed epoch")
      ("timing", po::value(&timing_mode)->default_value("on"),
       "on: the cycle-approximate model (caches, write buffer, latencies); off: 1 cycle per instruction")
      ("cache-data", "loads that hit a D-cache line made stale behind the cache read the cache's word, as on hardware")
      ("timing-set", po::value(&mo.timing_set)->composing(),
       "override one timing parameter, NAME=CYCLES (see --timing-table); may be repeated")
      ("timing-table", "print the timing parameters of every machine and exit")
      ("lance-dma", po::value(&lance_dma)->default_value("buffer"),
       "buffer: the LANCE uses the board's buffer RAM (the real KN01/KN02); main: it DMAs into main memory "
       "(LANCE address = physical address), as the IOASIC DECstations do")
      ("region-name", po::value(&region_names)->composing(),
       "name a guest-marked region for the reports, N=NAME; may be repeated")
      ("realtime", "pace the run to host time (simulated time never runs ahead of the host "
                   "clock); default: as fast as possible, deterministic")
      ("mac", po::value(&mo.mac), "Ethernet station address XX:XX:XX:XX:XX:XX (default: fixed per machine, "
                                   "in DEC's 08:00:2b range)")
      ("serial", po::value(&serial_specs)->composing(),
       "attach serial line N (0-3; 3 is the console): N=stdio | N=null | N=file:OUT[,IN] | "
       "N=unix:PATH | N=tcp:PORT (127.0.0.1 only)");

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(desc).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw UserError(std::string("command line: ") + e.what() + " (see emu --help)");
  }
  if (vm.count("help")) {
    std::cout << desc << "\nMachines:\n" << machine_list();
    return 0;
  }
  if (vm.count("list-machines")) {
    std::cout << machine_list();
    return 0;
  }
  if (vm.count("timing-table")) {
    std::cout << TimingProfile::describe_all();
    return 0;
  }
  if (timing_mode != "on" && timing_mode != "off")
    throw UserError("--timing: '" + timing_mode + "' should be on or off");
  mo.timing = timing_mode == "on";
  mo.cache_data = vm.count("cache-data") > 0;
  if (lance_dma != "buffer" && lance_dma != "main")
    throw UserError("--lance-dma: '" + lance_dma + "' should be buffer or main");
  mo.lance_main_memory = lance_dma == "main";
  if (mo.cache_data && !mo.timing) throw UserError("--cache-data needs the timing model (--timing on)");
  mo.rtc_host_time = vm.count("rtc-host-time") > 0;
  mo.realtime = vm.count("realtime") > 0;
  mo.prompt = vm.count("prompt") > 0;
  for (const auto& s : serial_specs) {
    size_t eq = s.find('=');
    if (eq != 1 || s[0] < '0' || s[0] > '3')
      throw UserError("--serial: '" + s + "' should look like 3=stdio, 2=file:PATH, 1=tcp:4000 or 0=null (lines 0-3)");
    unsigned line = unsigned(s[0] - '0');
    if (mo.serial.size() <= line) mo.serial.resize(line + 1);
    mo.serial[line] = s.substr(2);
  }

  // Refuse to overwrite anything the user gave as input with the stats output.
  if (!stats_path.empty() && stats_path != "-" && (stats_path == mo.kernel || stats_path == mo.firmware))
    throw UserError("--stats: " + stats_path + " is an input file; refusing to overwrite it");

  Machine machine(mo);
  RegionRecorder regions(machine.cpu());
  machine.set_emu_op_listener([&regions](unsigned op, u32 value) { regions.on_emu_op(op, value); });
  for (const auto& spec : region_names) {
    const size_t eq = spec.find('=');
    char* end = nullptr;
    const unsigned long id = eq == std::string::npos ? 0 : std::strtoul(spec.c_str(), &end, 0);
    if (eq == std::string::npos || eq == 0 || end != spec.c_str() + eq || eq + 1 == spec.size())
      throw UserError("--region-name: '" + spec + "' should look like 3=syscall");
    regions.name(u32(id), spec.substr(eq + 1));
  }
  std::unique_ptr<ExecTraceWriter> tracer;
  if (vm.count("trace-exec")) {
    tracer = std::make_unique<ExecTraceWriter>(stderr, machine.cpu(), machine.kernel());
    machine.cpu().set_tracer(tracer.get());
  }

  const Cycles cycle_limit = max_cycles ? max_cycles : ~Cycles(0);
  const u64 instr_limit = max_instructions ? max_instructions : ~u64(0);
  auto t0 = std::chrono::steady_clock::now();
  Cpu::Stop stop = machine.run(cycle_limit, instr_limit);
  auto t1 = std::chrono::steady_clock::now();
  std::fflush(stdout);

  RunSummary summary;
  summary.host_seconds = std::chrono::duration<double>(t1 - t0).count();
  int status = 0;
  switch (stop) {
    case Cpu::Stop::Halted:
      summary.stop_reason = "halted";
      status = machine.cpu().exit_status();
      break;
    case Cpu::Stop::Cycles:
      summary.stop_reason = "cycle-limit";
      status = kExitLimit;
      break;
    case Cpu::Stop::Instructions:
      summary.stop_reason = "instruction-limit";
      status = kExitLimit;
      break;
    default:
      summary.stop_reason = "stopped";
      status = kExitEmulator;
      break;
  }
  summary.exit_status = status;
  if (!regions.empty()) regions.write_table(std::cerr, machine.profile().cpu_hz);
  if (!stats_path.empty()) {
    if (stats_path == "-") {
      write_stats_json(std::cerr, machine, summary, &regions);
    } else {
      const bool csv = stats_path.size() > 4 && stats_path.compare(stats_path.size() - 4, 4, ".csv") == 0;
      std::ofstream out(stats_path);
      if (!out) throw UserError("--stats: cannot write " + stats_path);
      if (csv) write_stats_csv(out, machine, &regions);
      else write_stats_json(out, machine, summary, &regions);
    }
  }
  if (status == kExitLimit)
    std::fprintf(stderr, "emu: %s reached after %llu cycles, %llu instructions\n", summary.stop_reason.c_str(),
                 (unsigned long long)machine.cpu().cycles(), (unsigned long long)machine.cpu().stats().instructions);
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const UserError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: %s\n", e.what());
    return kExitUser;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "emu: internal error: %s\n", e.what());
    return kExitEmulator;
  }
}
