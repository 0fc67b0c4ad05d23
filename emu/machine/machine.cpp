// A whole DECstation (machine.h): construction from a profile, the console wiring, the
// run loop (pacing with --realtime, reboots), and the emulator operations the boot ROM uses
// to end its prompt at the end of the input and to reboot (instruction.h kEmuInputEnded,
// kEmuReboot; README "Boot protocol").
#include "emu/machine/machine.h"

#include <algorithm>
#include <cstring>

#include <fcntl.h>

#include "devices/board/esar.h"
#include "devices/dc7085/dc7085.h"
#include "devices/lk201/lk201.h"
#include "devices/lk201/vsxxx_mouse.h"
#include "devices/mc146818/mc146818.h"
#include "devices/serial/null_backend.h"
#include "devices/serial/prefix_backend.h"
#include "devices/serial/serial_backend.h"
#include "devices/serial/stdio_backend.h"
#include "emu/common/error.h"
#include "emu/cpu/instruction.h"
#include "emu/machine/pacer.h"
#include "emu/machine/serial_config.h"
#include "firmware/layout.h"

namespace emu {

namespace {
// A descriptor at end of file for consoles without input (opened once, kept open).
int null_input_fd() {
  static const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  return fd;
}
}  // namespace

Machine::Machine(const MachineOptions& opt) : opt_(opt) {
  profile_ = machine_profile_or_throw(opt.machine);
  const u32 mb = ram_mb_or_throw(profile_, opt.memory_mb);
  ram_ = std::make_unique<GuestRam>(size_t(mb) << 20);
  // The station address: --mac, or a default that is stable for the machine type and
  // instance (distinct between machine types and between the machines of a link).
  esar_ = std::make_unique<Esar>(opt.mac.empty()
                                     ? Esar::default_mac(profile_.name, opt.instance * kInterfacesPerMachine)
                                     : Esar::parse_mac(opt.mac));
  rom_.assign(kRomSize, 0);

  timing_ = timing_profile_for(profile_.name);
  for (const auto& a : opt.timing_set) timing_.set(a);

  CpuConfig cc;
  cc.prid = profile_.prid;
  cc.fcr0 = profile_.fcr0;
  cc.timing = opt.timing ? &timing_ : nullptr;
  cc.cache_data = opt.cache_data;
  cpu_ = std::make_unique<Cpu>(bus_, sched_, cc);
  cpu_->set_ram(ram_->data(), u32(ram_->size()));
  // Writes that reach memory through the bus (DMA, loaders) keep decoded code and the
  // caches' coherence marks right.
  bus_.set_write_observer([this](u32 pa, unsigned len) { cpu_->memory_written(pa, len); });
  cpu_->set_emu_op_handler([this](unsigned op, u32 value) { emu_op(op, value); });

  if (profile_.board == Board::Kn01) wire_kn01();
  else wire_kn02();
  apply_timing_latencies();
  power_on();
}

Machine::~Machine() = default;

// Device and ROM latencies come from the timing profile, by bus region name, so the whole
// table stays in one place (emu/timing/timing_profile.cpp). RAM is priced by the caches.
void Machine::apply_timing_latencies() {
  bus_.set_latencies([this](const PhysicalBus::Region& r) {
    if (r.name == "ram") return BusLatency{};
    if (r.name.rfind("rom", 0) == 0) return BusLatency{timing_.rom_read, timing_.rom_read};
    const DeviceLatency d = timing_.device(r.name);
    return BusLatency{d.read, d.write};
  });
}

IrqLine& Machine::new_irq() {
  irqs_.push_back(std::make_unique<IrqLine>());
  return *irqs_.back();
}

// A wire to CPU interrupt pin Int<n> (Cause.IP<n+2>).
IrqLine& Machine::cpu_pin(unsigned n) {
  IrqLine& l = new_irq();
  l.connect([this, n](bool level) { cpu_->set_interrupt_pin(n, level); });
  return l;
}

// Run until a limit or a halt. A reboot the boot ROM asks for (kEmuReboot) happens inside:
// the run goes on from the reset vector. With --realtime the CPU runs in slices of 1 ms of
// simulated time, paced to the host clock in between (pacer.h).
Cpu::Stop Machine::run(Cycles cycle_limit, u64 instruction_limit) {
  for (;;) {
    const Cpu::Stop stop = run_paced(cycle_limit, instruction_limit);
    if (stop != Cpu::Stop::Requested || !reboot_pending_) return stop;
    reboot_pending_ = false;
    reboot();
  }
}

Cpu::Stop Machine::run_paced(Cycles cycle_limit, u64 instruction_limit) {
  if (!opt_.realtime) return cpu_->run(cycle_limit, instruction_limit);
  const Cycles slice = Pacer::slice_cycles(profile_.cpu_hz);
  Pacer pacer(profile_.cpu_hz, cpu_->cycles());
  for (;;) {
    const Cycles now = cpu_->cycles();
    const Cycles end = (cycle_limit > now && cycle_limit - now > slice) ? now + slice : cycle_limit;
    const Cpu::Stop stop = cpu_->run(end, instruction_limit);
    pacer.pace(cpu_->cycles());
    if (stop != Cpu::Stop::Cycles || cpu_->cycles() >= cycle_limit) return stop;
  }
}

void Machine::attach_serial_lines(Dc7085& dz) {
  // Line 3 is the console on both boards (dz-rtc-prom.md §1.6): the host's stdio unless
  // the user attached it elsewhere. Lines 0-2 exist and are unconnected by default, except
  // on a workstation (a frame buffer fitted, wired before this): the keyboard on line 0,
  // the mouse on line 1, as DEC cabled them.
  const bool workstation = !frame_buffers_.empty();
  for (unsigned line = 0; line < 4; ++line) {
    std::string spec = line < opt_.serial.size() ? opt_.serial[line] : "";
    if (spec.empty()) spec = line == 3 ? "stdio" : workstation && line == 0 ? "lk201" : workstation && line == 1 ? "vsxxx" : "null";
    if (line == 3 && spec == "stdio" && (!opt_.console_prefix.empty() || !opt_.console_stdin)) {
      // One of several machines on the emulator's stdout (--machines N).
      std::unique_ptr<SerialBackend> out = opt_.console_stdin ? make_serial_backend("stdio", "--serial3")
                                                              : std::make_unique<StdioBackend>(null_input_fd(), 1);
      console_ = out.get();
      serial_.push_back(std::make_unique<PrefixBackend>(std::move(out), opt_.console_prefix));
    } else {
      serial_.push_back(make_serial_backend(spec, "--serial" + std::to_string(line)));
      if (line == 3) console_ = serial_.back().get();
    }
    dz.attach(line, serial_.back().get());
    if (!keyboard_) keyboard_ = dynamic_cast<Lk201*>(serial_.back().get());
    if (!mouse_) mouse_ = dynamic_cast<VsxxxMouse*>(serial_.back().get());
  }
  // Console input from a regular file (a script typed at the PROM prompt) waits while the
  // silo is full instead of being lost to overruns while the guest prints (dc7085.h).
  if (auto* s = dynamic_cast<StdioBackend*>(console_); s && s->input_kind() == FdInput::Kind::kFile)
    dz.set_receive_pacing(true);
}

void Machine::commit_outputs() {
  for (auto& s : serial_) s->commit();
}

// The console's input has ended: stdin at end of file, or nothing attached to line 3.
bool Machine::console_input_ended() const {
  if (auto* s = dynamic_cast<const StdioBackend*>(console_)) return s->input_finished();
  return dynamic_cast<const NullBackend*>(console_) != nullptr;
}

void Machine::emu_op(unsigned op, u32 value) {
  switch (op) {
    case mips::kEmuInputEnded: {
      const u32 pa = value & 0x1fffffffu;
      if (console_input_ended() && pa + 4 <= ram_->size() && (pa & 3) == 0) {
        const u32 one = 1;
        std::memcpy(ram_->data() + pa, &one, 4);  // little-endian host and guest
      }
      break;
    }
    case mips::kEmuReboot:
      reboot_pending_ = true;
      cpu_->request_stop();  // at the end of the current block; run() power-cycles
      break;
    default:
      if (emu_op_listener_) emu_op_listener_(op, value);  // region markers (emu/stats/regions.h)
      break;
  }
}

// What a reboot keeps: time goes on (the cycle count and statistics are the whole run's),
// the serial connections stay, and the boot ROM's environment page survives as DEC's
// battery-backed NVRAM would. Everything else is a power-on.
void Machine::reboot() {
  ++reboots_;
  const u8* page = ram_->data() + PROM_NVRAM_PHYS;
  const std::vector<u8> nvram(page, page + PROM_NVRAM_SIZE);
  power_on();
  std::copy(nvram.begin(), nvram.end(), ram_->data() + PROM_NVRAM_PHYS);
}

void Machine::power_on() {
  ram_->clear();
  for (auto& d : devices_) d->reset();
  if (keyboard_) keyboard_->reset();
  if (mouse_) mouse_->reset();
  build_rom();
  load_kernel();
  cpu_->reset();
}

}  // namespace emu
