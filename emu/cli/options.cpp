#include "emu/cli/options.h"

#include <boost/program_options.hpp>

#include <cstring>
#include <iostream>

#include "devices/board/esar.h"
#include "emu/common/error.h"
#include "emu/common/number.h"
#include "devices/tc/tc_module.h"
#include "emu/machine/serial_config.h"
#include "emu/net/loss_filter.h"
#include "emu/net/net_spec.h"
#include "emu/net/wire_frame.h"
#include "emu/stats/regions.h"
#include "emu/timing/timing_profile.h"

namespace po = boost::program_options;

namespace emu {

namespace {

std::string machine_list() {
  std::string s;
  for (const auto& p : machine_profiles()) s += std::string("  ") + p.name + "  " + p.description + "\n";
  return s;
}

// Larger than any machine's RAM: the profile then names the sizes that are possible.
constexpr u64 kMaxMemoryMb = 1u << 20;
constexpr u64 kMaxMachines = 16;

// A file name the user gave: empty is a mistake (an unset shell variable), not "none".
void require_name(const std::string& value, const std::string& option) {
  if (value.empty()) throw UserError(option + ": empty file name");
}

// --node K:OPTION=VALUE: what differs for machine K of --machines N.
void apply_node_option(CliConfig& cfg, const std::string& spec) {
  std::vector<MachineOptions>& nodes = cfg.nodes;
  const size_t colon = spec.find(':'), eq = spec.find('=');
  if (colon == std::string::npos || eq == std::string::npos || eq < colon)
    throw UserError("--node: '" + printable(spec) + "' should look like 1:append=role=client (K:OPTION=VALUE)");
  const unsigned k = unsigned(parse_number_or_throw(spec.substr(0, colon), 0, 1000, "--node: machine number"));
  if (k >= nodes.size())
    throw UserError("--node: machine " + std::to_string(k) + " does not exist (--machines " +
                    std::to_string(nodes.size()) + " numbers them 0-" + std::to_string(nodes.size() - 1) + ")");
  const std::string opt = spec.substr(colon + 1, eq - colon - 1), value = spec.substr(eq + 1);
  MachineOptions& m = nodes[k];
  const std::string name = "--node " + std::to_string(k) + ":" + opt;
  // Empty means "the default" inside MachineOptions, so an empty value given here is refused.
  if ((opt == "kernel" || opt == "mac") && value.empty()) throw UserError(name + ": empty value");
  if (opt == "machine") {
    m.machine = value;
  } else if (opt == "kernel") {
    m.kernel = value;
  } else if (opt == "append") {
    m.append += (m.append.empty() ? "" : " ") + value;
  } else if (opt == "mac") {
    m.mac = value;
  } else if (opt == "memory") {
    m.memory_mb = u32(parse_number_or_throw(value, 1, kMaxMemoryMb, name));
  } else if (opt == "trace") {
    require_name(value, name);
    cfg.trace_paths[k] = value;
  } else if (opt == "lance-dma") {
    if (value != "buffer" && value != "main") throw UserError("--node: lance-dma should be buffer or main");
    m.lance_main_memory = value == "main";
  } else {
    throw UserError("--node: unknown option '" + printable(opt) + "' (machine, kernel, append, mac, memory, lance-dma, trace)");
  }
}

// Everything a machine will be built from, checked now (nothing is opened), so that a
// mistake is refused before any machine starts or any file is created.
void check_machine(const MachineOptions& m) {
  const MachineProfile& p = machine_profile_or_throw(m.machine);
  (void)ram_mb_or_throw(p, m.memory_mb);
  if (!m.mac.empty()) (void)Esar::parse_mac(m.mac);
  for (const auto& t : m.tc)
    if (!t.empty() && p.board != Board::Kn02)
      throw UserError(std::string("--tc: the ") + p.name + " has no TURBOchannel option slots (the ds5000-200 has)");
  if (!m.kn01_fb.empty() && p.board != Board::Kn01)
    throw UserError(std::string("--fb: the ") + p.name + " has no on-board frame buffer (use --tc 0=pmag-ba)");
  TimingProfile t = timing_profile_for(p.name);
  for (const auto& a : m.timing_set) t.set(a);
  for (size_t line = 0; line < m.serial.size(); ++line)
    if (!m.serial[line].empty()) (void)parse_serial_spec(m.serial[line], "--serial" + std::to_string(line));
}

// --serial N=SPEC, N a line 0-3, SPEC checked by parse_serial_spec.
void apply_serial_option(MachineOptions& mo, const std::string& s) {
  const size_t eq = s.find('=');
  const ParsedNumber line = parse_number(s.substr(0, eq), 0, 3);
  if (eq == std::string::npos || !line)
    throw UserError("--serial: '" + printable(s) +
                    "' should look like 3=stdio, 2=file:PATH, 1=tcp:4000 or 0=null (lines 0-3)");
  const std::string spec = s.substr(eq + 1), name = "--serial" + std::to_string(line.value);
  if (spec.empty()) throw UserError(name + ": empty connection (stdio, null, file:OUT[,IN], unix:PATH, tcp:PORT)");
  if (mo.serial.size() <= line.value) mo.serial.resize(line.value + 1);
  if (!mo.serial[line.value].empty()) throw UserError(name + ": line " + std::to_string(line.value) + " given twice");
  mo.serial[line.value] = spec;
}

// --tc N=NAME: module NAME in KN02 option slot N (0-2).
void apply_tc_option(MachineOptions& mo, const std::string& s) {
  const size_t eq = s.find('=');
  const ParsedNumber slot = parse_number(s.substr(0, eq), 0, 2);
  if (eq == std::string::npos || !slot)
    throw UserError("--tc: '" + printable(s) + "' should look like 0=pmag-ba (option slots 0-2; modules: " +
                    tc_module_names() + ")");
  const std::string name = s.substr(eq + 1);
  if (!find_tc_module_type(name))
    throw UserError("--tc: '" + printable(name) + "' is not a module we have (" + tc_module_names() + ")");
  if (mo.tc.size() <= slot.value) mo.tc.resize(slot.value + 1);
  if (!mo.tc[slot.value].empty()) throw UserError("--tc: slot " + std::to_string(slot.value) + " given twice");
  mo.tc[slot.value] = name;
}

}  // namespace

CliConfig parse_command_line(int argc, char** argv) {
  CliConfig cfg;
  MachineOptions mo;
  // Numbers are read as text and parsed strictly (emu/common/number.h): Boost's typed
  // values accept "-1" as 2^64-1.
  std::string memory, max_cycles, max_instructions, machines_text = "1";
  std::vector<std::string> serial_specs, node_specs, positional, tc_specs;
  std::string display = "none", screenshot_at;
  std::string timing_mode = "on", lance_dma = "buffer", checkpoint_at;
  std::string trace_path, trace_events, trace_start, trace_stop, trace_max;

  po::options_description desc("Usage: emu --machine NAME --kernel FILE [options]\n\nOptions");
  desc.add_options()
      ("help,h", "show this help")
      ("machine,m", po::value(&mo.machine)->default_value("ds3100"), "machine: ds2100, ds3100, ds5000-200")
      ("list-machines", "list the machines and exit")
      ("kernel,k", po::value(&mo.kernel), "ELF or ECOFF kernel image to boot (netbooted into RAM)")
      ("append", po::value(&mo.append), "boot arguments, as typed after `boot` at the PROM prompt")
      ("prompt", "stop at the PROM >> prompt even with --kernel (`boot` there starts it)")
      ("memory", po::value(&memory), "RAM in MiB (default and limits depend on the machine)")
      ("firmware", po::value(&mo.firmware), "boot ROM image to use instead of ours")
      ("max-cycles", po::value(&max_cycles), "stop after N cycles (exit status 4)")
      ("max-instructions", po::value(&max_instructions), "stop after N instructions (exit status 4)")
      ("stats", po::value(&cfg.stats_path), "write run statistics to FILE: JSON, or CSV if FILE ends in .csv ('-' = stderr)")
      ("trace-exec", "print every executed instruction to stderr (slow)")
      ("quiet,q", "no live status line on stderr (it is drawn only when stderr is a terminal)")
      ("gdb", po::value(&cfg.gdb), "serve GDB's remote protocol on ADDR: PORT (127.0.0.1), HOST:PORT or unix:PATH")
      ("gdb-wait", "with --gdb: wait for the debugger before the first instruction")
      ("trace", po::value(&trace_path), "write a cycle trace of the run to FILE (format: traces/README.md)")
      ("trace-events", po::value(&trace_events),
       "what the trace records, a comma list: insn, mem, cache, exc, tlb, dev, net, region, context, all, default "
       "(default: all but mem)")
      ("trace-start", po::value(&trace_start), "start tracing at cycle:N (or N), region:N (its begin) or marker:N")
      ("trace-stop", po::value(&trace_stop), "stop tracing at cycle:N (or N), region:N (its end) or marker:N")
      ("trace-max-bytes", po::value(&trace_max), "stop tracing once the trace file reaches N bytes (the run goes on)")
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
      ("region-name", po::value(&cfg.region_names)->composing(),
       "name a guest-marked region for the reports, N=NAME; may be repeated")
      ("realtime", "pace the run to host time (simulated time never runs ahead of the host "
                   "clock); default: as fast as possible, deterministic")
      ("mac", po::value(&mo.mac), "Ethernet station address XX:XX:XX:XX:XX:XX (default: fixed per machine, "
                                   "in DEC's 08:00:2b range)")
      ("serial", po::value(&serial_specs)->composing(),
       "attach serial line N (0-3; 3 is the console): N=stdio | N=null | N=file:OUT[,IN] | "
       "N=unix:PATH | N=tcp:PORT (127.0.0.1 only) | N=lk201 (keyboard) | N=vsxxx (mouse)")
      ("tc", po::value(&tc_specs)->composing(),
       "fit a TURBOchannel module in option slot N (0-2) of a ds5000-200: N=pmag-ba (colour frame buffer); "
       "may be repeated")
      ("fb", po::value(&mo.kn01_fb),
       "fit the on-board frame buffer of a ds2100/ds3100: mono or colour (1024x864)")
      ("display", po::value(&display)->default_value("none"),
       "none: headless; sdl: a window per frame buffer, with the host's keyboard and mouse as the LK201 and "
       "mouse (never changes the run's cycle counts)")
      ("screenshot", po::value(&cfg.display.screenshot), "write what the screens show to FILE.png (PNG)")
      ("screenshot-at", po::value(&screenshot_at),
       "when to take --screenshot: CYCLES (the clock reaches it) or region:N (the guest ends marked region N); "
       "default: the end of the run")
      ("machines", po::value(&machines_text)->default_value("1"),
       "run N machines in this process on one simulated Ethernet (numbered 0..N-1)")
      ("node", po::value(&node_specs)->composing(),
       "K:OPTION=VALUE for machine K only: machine, kernel, append (added to --append), mac, memory, lance-dma")
      ("net", po::value(&cfg.net)->composing(),
       "link this process's Ethernet: listen=ADDR | connect=ADDR (ADDR a Unix socket path or HOST:PORT, "
       "loopback unless a host is named; options ,timeout=S ,shm=off) | tap=IFNAME (a host TAP interface, "
       "real time, not deterministic)")
      ("net-loss", po::value(&cfg.net_loss),
       "drop or corrupt frames, seeded and repeatable: drop=R,corrupt=R,seed=N (R a probability)")
      ("pcap", po::value(&cfg.pcap), "write every frame of the Ethernet to FILE (pcapng, simulated-time stamps)")
      ("checkpoint", po::value(&cfg.checkpoint_path),
       "save the whole machine to FILE: at --checkpoint-at, on SIGUSR1, else when the run ends")
      ("checkpoint-at", po::value(&checkpoint_at),
       "when to save the --checkpoint: N (the first block boundary at or after cycle N) or region:N "
       "(when the guest first begins marked region N); the run goes on")
      ("restore", po::value(&cfg.restore_path),
       "start from a checkpoint FILE instead of power-on (same --machine, --memory, --timing, --lance-dma)")
      ("state-hash", "print a hash of the machine's whole state at the end of the run on stderr");
  // Words that are not options: collected only to be refused with a hint.
  po::options_description hidden;
  hidden.add_options()("positional", po::value(&positional)->composing());
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description pos;
  pos.add("positional", -1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error_with_option_name& e) {
    // Boost's what() replaces placeholders such as %canonical_option% with the words the
    // user typed, again and again while a placeholder is found: a word that contains one
    // (`emu -/%original_token%`, found by tools/fuzz) never finishes. Such a word gets our
    // own message, which names the option without that substitution.
    for (int i = 1; i < argc; ++i)
      if (std::strchr(argv[i], '%'))
        throw UserError("command line: " +
                        std::string(dynamic_cast<const po::unknown_option*>(&e)          ? "unrecognised option '"
                                    : dynamic_cast<const po::multiple_occurrences*>(&e) ? "more than one '"
                                                                                         : "bad use of option '") +
                        printable(e.get_option_name()) + "' (see emu --help)");
    throw UserError(std::string("command line: ") + e.what() + " (see emu --help)");
  } catch (const po::error& e) {
    throw UserError(std::string("command line: ") + e.what() + " (see emu --help)");
  }
  if (!positional.empty()) {
    const std::string& w = positional.front();
    throw UserError("unexpected argument '" + printable(w) + "': options start with -- (did you mean --kernel " +
                    printable(w) + "? see emu --help)");
  }
  if (vm.count("help")) {
    std::cout << desc << "\nMachines:\n" << machine_list();
    cfg.exit_now = true;
    return cfg;
  }
  if (vm.count("list-machines")) {
    std::cout << machine_list();
    cfg.exit_now = true;
    return cfg;
  }
  if (vm.count("timing-table")) {
    std::cout << TimingProfile::describe_all();
    cfg.exit_now = true;
    return cfg;
  }
  // Given but empty: a mistake (often an unset shell variable), never "the default".
  if (vm.count("kernel")) require_name(mo.kernel, "--kernel");
  if (vm.count("firmware")) require_name(mo.firmware, "--firmware");
  if (vm.count("stats")) require_name(cfg.stats_path, "--stats");
  if (vm.count("pcap")) require_name(cfg.pcap, "--pcap");
  if (vm.count("screenshot")) require_name(cfg.display.screenshot, "--screenshot");
  if (vm.count("fb") && mo.kn01_fb != "mono" && mo.kn01_fb != "colour")
    throw UserError("--fb: '" + printable(mo.kn01_fb) + "' should be mono or colour");
  if (display != "none" && display != "sdl")
    throw UserError("--display: '" + printable(display) + "' should be none or sdl");
  cfg.display.sdl = display == "sdl";
  if (vm.count("screenshot-at")) {
    if (cfg.display.screenshot.empty()) throw UserError("--screenshot-at needs --screenshot FILE.png");
    cfg.display.moment = ScreenshotMoment::parse(screenshot_at);
  }
  if (vm.count("checkpoint")) require_name(cfg.checkpoint_path, "--checkpoint");
  if (vm.count("restore")) require_name(cfg.restore_path, "--restore");
  cfg.state_hash = vm.count("state-hash") > 0;
  if (vm.count("checkpoint-at")) {
    if (!vm.count("checkpoint")) throw UserError("--checkpoint-at needs --checkpoint FILE (where to save)");
    if (checkpoint_at.rfind("region:", 0) == 0) {
      cfg.checkpoint_at_region = true;
      cfg.checkpoint_region =
          u32(parse_number_or_throw(checkpoint_at.substr(7), 0, 0xffffffffu, "--checkpoint-at region", Radix::DecimalOrHex));
    } else {
      cfg.checkpoint_at_cycle = parse_number_or_throw(checkpoint_at, 1, ~u64(0), "--checkpoint-at", Radix::DecimalOrHex);
    }
  }
  if (vm.count("mac") && mo.mac.empty()) throw UserError("--mac: empty address (want XX:XX:XX:XX:XX:XX)");
  if (vm.count("net-loss") && cfg.net_loss.empty()) throw UserError("--net-loss: empty (want drop=R,corrupt=R,seed=N)");
  if (vm.count("memory")) mo.memory_mb = u32(parse_number_or_throw(memory, 1, kMaxMemoryMb, "--memory"));
  if (vm.count("max-cycles"))
    cfg.max_cycles = parse_number_or_throw(max_cycles, 1, ~u64(0), "--max-cycles", Radix::DecimalOrHex);
  if (vm.count("max-instructions"))
    cfg.max_instructions =
        parse_number_or_throw(max_instructions, 1, ~u64(0), "--max-instructions", Radix::DecimalOrHex);
  const unsigned machines = unsigned(parse_number_or_throw(machines_text, 1, kMaxMachines, "--machines"));

  if (timing_mode != "on" && timing_mode != "off")
    throw UserError("--timing: '" + printable(timing_mode) + "' should be on or off");
  mo.timing = timing_mode == "on";
  mo.cache_data = vm.count("cache-data") > 0;
  if (lance_dma != "buffer" && lance_dma != "main")
    throw UserError("--lance-dma: '" + printable(lance_dma) + "' should be buffer or main");
  mo.lance_main_memory = lance_dma == "main";
  if (mo.cache_data && !mo.timing) throw UserError("--cache-data needs the timing model (--timing on)");
  mo.rtc_host_time = vm.count("rtc-host-time") > 0;
  mo.realtime = vm.count("realtime") > 0;
  mo.prompt = vm.count("prompt") > 0;
  for (const auto& s : serial_specs) apply_serial_option(mo, s);
  for (const auto& s : tc_specs) apply_tc_option(mo, s);
  for (const auto& r : cfg.region_names) (void)parse_region_name(r);
  cfg.trace_exec = vm.count("trace-exec") > 0;
  cfg.quiet = vm.count("quiet") > 0;
  cfg.gdb_wait = vm.count("gdb-wait") > 0;
  if (vm.count("gdb") && cfg.gdb.empty()) throw UserError("--gdb: empty address (want PORT, HOST:PORT or unix:PATH)");
  if (cfg.gdb_wait && cfg.gdb.empty()) throw UserError("--gdb-wait needs --gdb ADDR");

  // A process that connects to a listener is the second station: a different default
  // station address (Esar::default_mac by instance), as two real machines have.
  bool connects = false;
  for (const auto& n : cfg.net) connects |= n.rfind("connect=", 0) == 0;
  for (unsigned k = 0; k < machines; ++k) {
    MachineOptions m = mo;
    m.instance = k + (connects ? machines : 0);
    if (machines > 1) {
      m.console_prefix = "[" + std::to_string(k) + "] ";
      m.console_stdin = k == 0;  // stdin belongs to machine 0's console
      if (k > 0 && !m.mac.empty())
        throw UserError("--mac with --machines: give each machine its own with --node K:mac=...");
    }
    cfg.nodes.push_back(m);
  }
  cfg.trace_paths.assign(machines, "");
  if (vm.count("trace")) {
    require_name(trace_path, "--trace");
    if (machines > 1) throw UserError("--trace with --machines: give each machine its own with --node K:trace=FILE");
    cfg.trace_paths[0] = trace_path;
  }
  for (const auto& s : node_specs) apply_node_option(cfg, s);
  bool tracing = false;
  for (const auto& p : cfg.trace_paths) tracing |= !p.empty();
  for (const char* o : {"trace-events", "trace-start", "trace-stop", "trace-max-bytes"})
    if (vm.count(o) && !tracing) throw UserError(std::string("--") + o + " needs --trace FILE (or --node K:trace=FILE)");
  if (vm.count("trace-events")) cfg.trace.classes = trace::parse_trace_events(trace_events);
  if (vm.count("trace-start")) cfg.trace.start = trace::parse_trace_condition(trace_start, "--trace-start");
  if (vm.count("trace-stop")) cfg.trace.stop = trace::parse_trace_condition(trace_stop, "--trace-stop");
  if (vm.count("trace-max-bytes"))
    cfg.trace.max_bytes =
        parse_number_or_throw(trace_max, trace::kMinTraceBytes, ~u64(0), "--trace-max-bytes", Radix::DecimalOrHex);
  for (const auto& m : cfg.nodes) check_machine(m);
  if (cfg.display.wanted() && cfg.networked())
    throw UserError(std::string(cfg.display.sdl ? "--display sdl" : "--screenshot") +
                    ": only for a single machine without --net or --pcap");
  // A checkpoint holds the machines of this process and their segment: not the far side of
  // a link to another process or a TAP, nor a capture's pending frames.
  if ((!cfg.checkpoint_path.empty() || !cfg.restore_path.empty()) && (!cfg.net.empty() || !cfg.pcap.empty()))
    throw UserError(std::string(!cfg.checkpoint_path.empty() ? "--checkpoint" : "--restore") + " with " +
                    (!cfg.net.empty() ? "--net" : "--pcap") +
                    ": not yet (a checkpoint holds the machines of this process, not the far side of a link or a capture)");
  if (cfg.state_hash && cfg.networked())
    throw UserError("--state-hash: one machine only for now");

  // Network specs are checked now, so that a typo is a command-line error (status 2), not
  // a failed link.
  try {
    for (const auto& n : cfg.net) (void)net::parse_net_spec(n);
  } catch (const net::NetError& e) {
    throw UserError(std::string("--net: ") + e.what());
  }
  try {
    if (!cfg.net_loss.empty()) (void)net::parse_loss_spec(cfg.net_loss);
  } catch (const net::NetError& e) {
    throw UserError(std::string("--net-loss: ") + e.what());
  }

  // A linked peer process would time out while the debugged machine stands still.
  if (!cfg.gdb.empty() && !cfg.net.empty())
    throw UserError("--gdb: not with --net yet (a peer process would time out while the machine is stopped)");

  // Files: checked by run_files.h before the run.
  return cfg;
}

}  // namespace emu
