// The `emu` command: build a machine from a profile, boot it, run it, report.
// Exit status (README "Running a guest"): 0 the guest halted through the PROM; 1 the guest
// took an exception the boot ROM had to catch (it prints what happened); 2 a bad command
// line or input file; 3 an emulator error; 4 --max-cycles or --max-instructions reached.
#include <boost/program_options.hpp>

#include <chrono>
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
      ("serial", po::value(&serial_specs)->composing(),
       "attach serial line N: N=stdio | N=null | N=file:PATH (line 3 is the console)");

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
  mo.rtc_host_time = vm.count("rtc-host-time") > 0;
  mo.prompt = vm.count("prompt") > 0;
  for (const auto& s : serial_specs) {
    size_t eq = s.find('=');
    if (eq != 1 || s[0] < '0' || s[0] > '3')
      throw UserError("--serial: '" + s + "' should look like 3=stdio, 2=file:PATH or 0=null (lines 0-3)");
    unsigned line = unsigned(s[0] - '0');
    if (mo.serial.size() <= line) mo.serial.resize(line + 1);
    mo.serial[line] = s.substr(2);
  }

  // Refuse to overwrite anything the user gave as input with the stats output.
  if (!stats_path.empty() && stats_path != "-" && (stats_path == mo.kernel || stats_path == mo.firmware))
    throw UserError("--stats: " + stats_path + " is an input file; refusing to overwrite it");

  Machine machine(mo);
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
  if (!stats_path.empty()) {
    if (stats_path == "-") {
      write_stats_json(std::cerr, machine, summary);
    } else {
      std::ofstream out(stats_path);
      if (!out) throw UserError("--stats: cannot write " + stats_path);
      write_stats_json(out, machine, summary);
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
