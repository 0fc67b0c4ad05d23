#include "emu/machine/machine.h"

#include <algorithm>

#include "devices/board/esar.h"
#include "devices/dc7085/dc7085.h"
#include "devices/mc146818/mc146818.h"
#include "devices/serial/serial_backend.h"
#include "emu/common/error.h"
#include "emu/machine/pacer.h"
#include "emu/machine/serial_config.h"

namespace emu {

namespace {
std::string known_machines() {
  std::string s;
  for (const auto& p : machine_profiles()) s += (s.empty() ? "" : ", ") + std::string(p.name);
  return s;
}
}  // namespace

Machine::Machine(const MachineOptions& opt) : opt_(opt) {
  const MachineProfile* p = find_machine_profile(opt.machine);
  if (!p) throw UserError("--machine: unknown machine '" + opt.machine + "' (known: " + known_machines() + ")");
  profile_ = *p;
  u32 mb = opt.memory_mb ? opt.memory_mb : profile_.default_ram_mb;
  if (!ram_size_possible(profile_, mb))
    throw UserError("--memory: " + std::to_string(mb) + " MiB is not possible on a " + profile_.name + " (" +
                    ram_sizes_text(profile_) + ")");
  ram_.assign(size_t(mb) << 20, 0);
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
  cpu_->set_ram(ram_.data(), u32(ram_.size()));
  // Writes that reach memory through the bus (DMA, loaders) keep decoded code and the
  // caches' coherence marks right.
  bus_.set_write_observer([this](u32 pa, unsigned len) { cpu_->memory_written(pa, len); });

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

Cpu::Stop Machine::run(Cycles cycle_limit, u64 instruction_limit) {
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
  // the user attached it elsewhere. Lines 0-2 exist and are unconnected by default.
  for (unsigned line = 0; line < 4; ++line) {
    std::string spec = line < opt_.serial.size() ? opt_.serial[line] : "";
    if (spec.empty()) spec = line == 3 ? "stdio" : "null";
    serial_.push_back(make_serial_backend(spec, "--serial" + std::to_string(line)));
    dz.attach(line, serial_.back().get());
  }
}

void Machine::power_on() {
  std::fill(ram_.begin(), ram_.end(), 0);
  for (auto& d : devices_) d->reset();
  build_rom();
  load_kernel();
  cpu_->reset();
}

}  // namespace emu
