// A whole DECstation: CPU, physical bus, RAM, boot ROM, scheduler and devices.
// Each board is wired in one function (kn01.cpp, kn02.cpp): a reader finds the whole
// address map and interrupt wiring of a machine in one place.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devices/irq_line.h"
#include "emu/cpu/cpu.h"
#include "emu/loader/elf_loader.h"
#include "emu/machine/profile.h"
#include "emu/mem/physical_bus.h"
#include "emu/sched/scheduler.h"

namespace emu {

class Dc7085;
class Mc146818;
class SerialBackend;

struct MachineOptions {
  std::string machine = "ds3100";
  u32 memory_mb = 0;            // 0 = the profile's default
  std::string firmware;         // empty = our boot ROM (firmware/)
  std::string kernel;           // ELF image to netboot; empty = PROM prompt
  std::string append;           // extra boot arguments
  bool prompt = false;          // stop at the PROM prompt even with a kernel (--prompt)
  bool rtc_host_time = false;
  std::vector<std::string> serial;  // per line: "" (default), "null", "file:PATH", "stdio"
};

class Machine {
 public:
  static constexpr u32 kRomBase = 0x1fc00000;
  static constexpr u32 kRomSize = 256 * 1024;
  // RAM the boot ROM uses for itself (boot_block copy, state, stack): a kernel must not
  // be loaded there.
  static constexpr u32 kPromRamBegin = 0x00010000, kPromRamEnd = 0x00030000;

  explicit Machine(const MachineOptions& opt);
  ~Machine();

  const MachineProfile& profile() const { return profile_; }
  Cpu& cpu() { return *cpu_; }
  PhysicalBus& bus() { return bus_; }
  Scheduler& scheduler() { return sched_; }
  u32 ram_bytes() const { return u32(ram_.size()); }
  const ElfImage* kernel() const { return kernel_.get(); }

  // Power-on: devices reset, ROM and kernel (re)loaded, CPU at the reset vector.
  void power_on();
  // Run until a limit is reached or the guest halts. A reboot the boot ROM asks for
  // (kEmuReboot) happens inside: the run goes on from the reset vector.
  Cpu::Stop run(Cycles cycle_limit, u64 instruction_limit);
  unsigned reboots() const { return reboots_; }

  // Default firmware image location (set by the build; see CMake EMU_FIRMWARE_PATH).
  static std::string default_firmware_path();

 private:
  void wire_kn01();
  void wire_kn02();
  void build_rom();
  void load_kernel();
  void attach_serial_lines(Dc7085& dz);
  // Emulator operations the CPU leaves to the machine (instruction.h kEmuInputEnded, kEmuReboot).
  void emu_op(unsigned op, u32 value);
  bool console_input_ended() const;
  // kEmuReboot: power-cycle, keeping the boot ROM's environment page (its NVRAM stand-in).
  void reboot();

  MachineOptions opt_;
  MachineProfile profile_;
  Scheduler sched_;
  PhysicalBus bus_;
  std::vector<u8> ram_, rom_;
  std::unique_ptr<Cpu> cpu_;
  std::unique_ptr<ElfImage> kernel_;
  bool our_firmware_ = true;
  bool reboot_pending_ = false;
  unsigned reboots_ = 0;
  SerialBackend* console_ = nullptr;  // line 3

  // Devices and wires (owned here, wired in kn01.cpp / kn02.cpp).
  std::vector<std::unique_ptr<IrqLine>> irqs_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<std::unique_ptr<SerialBackend>> serial_;
  IrqLine& new_irq();
  template <class T, class... A> T& add_device(A&&... args) {
    auto d = std::make_unique<T>(std::forward<A>(args)...);
    T& ref = *d;
    devices_.push_back(std::move(d));
    return ref;
  }
};

}  // namespace emu
