// A whole DECstation: CPU, physical bus, RAM, boot ROM, scheduler and devices.
// Each board is wired in one function (kn01.cpp, kn02.cpp): a reader finds the whole
// address map and interrupt wiring of a machine in one place.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devices/irq_line.h"
#include "devices/lance/lance_memory.h"
#include "emu/cpu/cpu.h"
#include "emu/loader/image.h"
#include "emu/machine/profile.h"
#include "emu/mem/guest_ram.h"
#include "emu/mem/physical_bus.h"
#include "emu/sched/scheduler.h"
#include "emu/timing/timing_profile.h"

namespace emu {

class Am7990;
class LanceMemory;
namespace net {
class EthernetPort;
}
class Dc7085;
class Esar;
class FrameBuffer;
class TcModule;
class Kn01Csr;
class Lk201;
class VsxxxMouse;
class Kn02Csr;
class Kn02Erradr;
class Mc146818;
class SerialBackend;

struct MachineOptions {
  std::string machine = "ds3100";
  u32 memory_mb = 0;            // 0 = the profile's default
  std::string firmware;         // empty = our boot ROM (firmware/)
  std::string kernel;           // ELF or ECOFF image to netboot; empty = PROM prompt
  std::string append;           // extra boot arguments
  bool prompt = false;          // stop at the PROM prompt even with a kernel (--prompt)
  bool rtc_host_time = false;
  bool timing = true;                // the cycle-approximate model (false: 1 cycle per instruction)
  bool cache_data = false;           // loads that hit a stale D-cache line read the cache
  std::vector<std::string> timing_set;  // NAME=VALUE overrides of the timing profile
  // Pace the run to host time (Machine::run; see pacer.h). Off = deterministic.
  bool realtime = false;
  // Per line: "" (default), "null", "file:OUT[,IN]", "stdio", "unix:PATH", "tcp:PORT".
  std::vector<std::string> serial;
  // Ethernet station address (ESAR), "08:00:2b:xx:yy:zz"; empty = the default below.
  std::string mac;
  // Which machine this is among several the emulator runs together (0 = the first; the
  // lead's linked pair gives the second 1). Only the default station address depends on
  // it: Esar::default_mac(machine, instance * kInterfacesPerMachine + interface).
  unsigned instance = 0;
  // The LANCE DMAs into main memory (LANCE address L = physical L, 16 MiB reach), as the
  // IOASIC DECstations do, instead of into the board's private buffer RAM (--lance-dma
  // main). A guest must then invalidate its D-cache lines before it reads a received frame.
  bool lance_main_memory = false;
  // When several machines share stdout (--machines N): each console line (line 3 on
  // stdio) starts with this prefix, and console_stdin = false gives the console no input.
  std::string console_prefix;
  bool console_stdin = true;
  // KN02 TURBOchannel option slots 0-2: a module name (devices/tc/tc_modules.cpp) or
  // empty for an empty slot (--tc N=NAME).
  std::vector<std::string> tc;
  // KN01 on-board frame buffer: "" none, "mono" or "colour" (--fb).
  std::string kn01_fb;
};

class Machine {
 public:
  static constexpr u32 kRomBase = 0x1fc00000;
  static constexpr u32 kRomSize = 256 * 1024;
  // RAM the boot ROM uses for itself (boot_block copy, state, stack): a kernel must not
  // be loaded there.
  static constexpr u32 kPromRamBegin = 0x00010000, kPromRamEnd = 0x00030000;
  // Default station addresses are numbered per machine instance in blocks of this many.
  static constexpr unsigned kInterfacesPerMachine = 8;

  explicit Machine(const MachineOptions& opt);
  ~Machine();

  const MachineProfile& profile() const { return profile_; }
  const MachineOptions& options() const { return opt_; }
  const TimingProfile& timing_profile() const { return timing_; }
  bool timing() const { return opt_.timing; }
  Cpu& cpu() { return *cpu_; }
  PhysicalBus& bus() { return bus_; }
  Scheduler& scheduler() { return sched_; }
  u32 ram_bytes() const { return u32(ram_->size()); }
  const LoadedImage* kernel() const { return kernel_.get(); }

  // Power-on: devices reset, ROM and kernel (re)loaded, CPU at the reset vector.
  void power_on();

  // Board devices, for tests, the debugger and the devices still to come (the LANCE).
  const Esar& esar() const { return *esar_; }
  Dc7085& dz() { return *dz_; }
  Mc146818& rtc() { return *rtc_; }
  Kn01Csr* kn01_csr() { return kn01_csr_; }        // nullptr on a KN02
  Kn02Csr* kn02_csr() { return kn02_csr_; }        // nullptr on a KN01
  Kn02Erradr* kn02_erradr() { return kn02_erradr_; }
  // The LANCE's interrupt request wire, connected where the board routes it (KN01: CPU
  // Int1 = IP3; KN02: system CSR source 6 -> Int0 = IP2).
  IrqLine& lance_irq() { return *lance_irq_; }
  Am7990& lance() { return *lance_; }
  // The screens fitted (option-slot frame buffers), in slot order; empty on a headless box.
  const std::vector<FrameBuffer*>& frame_buffers() const { return frame_buffers_; }
  // The keyboard and mouse on the serial lines (--serial N=lk201 / vsxxx), or nullptr.
  Lk201* keyboard() { return keyboard_; }
  VsxxxMouse* mouse() { return mouse_; }
  // Where the LANCE's frames go (a link, emu/net); nullptr = no cable: frames vanish.
  void attach_ethernet(net::EthernetPort* port);
  // Run until a limit (absolute, as Cpu::run) or a halt. A reboot the boot ROM asks for
  // (kEmuReboot) happens inside: the run goes on from the reset vector. With
  // MachineOptions::realtime the CPU runs in slices of 1 ms of simulated time, paced to the
  // host clock in between.
  Cpu::Stop run(Cycles cycle_limit, u64 instruction_limit);
  unsigned reboots() const { return reboots_; }
  // The run ended in order: flush the serial lines and put their output files in place
  // (emu/common/output_file.h). Throws EmulatorError on a write error. Without it, a
  // destroyed Machine's output files stay as they were (the run counts as failed).
  void commit_outputs();
  // Emulator operations the machine does not handle itself (region markers) go here.
  void set_emu_op_listener(std::function<void(unsigned op, u32 value)> f) { emu_op_listener_ = std::move(f); }

  // Checkpoints (machine_state.cpp): the whole machine — its identity (type, RAM size,
  // timing model, LANCE DMA path: a reader refuses another), scheduler, CPU with caches
  // and TLB, RAM, boot ROM, interrupt wires and every device — between runs. Throws
  // StateError when restoring bytes that are not such a state or of another machine.
  void state(StateIo& io);

  // Default firmware image location (set by the build; see CMake EMU_FIRMWARE_PATH).
  static std::string default_firmware_path();

 private:
  void wire_kn01();
  void wire_kn02();
  // KN01: the on-board frame buffer --fb asks for, if any.
  void wire_kn01_fb(Kn01Csr& csr);
  void wire_kn02_slot6(u32 slot_base);
  // KN02 option slot n (0-2) with the module --tc names, if any.
  void wire_kn02_option_slot(unsigned n, u32 slot_base);
  // KN02: every page nothing is mapped at becomes a BusTimeout window that reports reads to
  // ERRADR. Must run after everything else is mapped.
  void map_kn02_timeouts();
  IrqLine& cpu_pin(unsigned n);
  // What this board's DEC PROM hands a booted kernel (kn01.cpp, kn02.cpp; used by
  // boot.cpp): the words before the boot path in argv, the boot path of file `name`, the
  // environment variable that names it (empty without a file), and osconsole — the
  // console the PROM chose.
  struct PromBootStyle {
    std::vector<std::string> argv_head;
    std::string path, path_variable, osconsole;
  };
  PromBootStyle prom_boot_style_kn01(const std::string& name) const;
  PromBootStyle prom_boot_style_kn02(const std::string& name) const;
  PromBootStyle (Machine::*prom_boot_style_)(const std::string&) const = nullptr;  // set by the wiring
  int console_slot_ = -1;  // KN02: the option slot of the first frame buffer (-1: none)
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
  TimingProfile timing_;
  void apply_timing_latencies();
  Scheduler sched_;
  PhysicalBus bus_;
  std::unique_ptr<GuestRam> ram_;  // reserved lazily: untouched pages cost nothing
  std::vector<u8> rom_;
  std::unique_ptr<Cpu> cpu_;
  std::unique_ptr<LoadedImage> kernel_;
  bool our_firmware_ = true;
  std::unique_ptr<Esar> esar_;
  std::function<void(unsigned, u32)> emu_op_listener_;
  Cpu::Stop run_paced(Cycles cycle_limit, u64 instruction_limit);
  bool reboot_pending_ = false;
  unsigned reboots_ = 0;
  SerialBackend* console_ = nullptr;  // line 3

  // Devices and wires (owned here, wired in kn01.cpp / kn02.cpp).
  std::vector<std::unique_ptr<IrqLine>> irqs_;
  std::vector<std::unique_ptr<Device>> devices_;
  std::vector<std::unique_ptr<SerialBackend>> serial_;
  Dc7085* dz_ = nullptr;
  Mc146818* rtc_ = nullptr;
  Kn01Csr* kn01_csr_ = nullptr;
  Kn02Csr* kn02_csr_ = nullptr;
  Kn02Erradr* kn02_erradr_ = nullptr;
  IrqLine* lance_irq_ = nullptr;
  Am7990* lance_ = nullptr;
  std::vector<FrameBuffer*> frame_buffers_;
  Lk201* keyboard_ = nullptr;
  VsxxxMouse* mouse_ = nullptr;
  std::unique_ptr<LanceMemory> lance_dma_;  // main-memory DMA path, when chosen
  // The LANCE with its DMA path: the board's buffer RAM (mapped at buffer_base for the
  // CPU, 0 = none) or main memory. Its register pair repeats through regs_window bytes.
  void wire_lance(u32 regs_base, u32 regs_window, u32 buffer_base, u32 buffer_window, LanceMemory* buffer_ram,
                  Device* buffer_dev);
  IrqLine& new_irq();
  template <class T, class... A> T& add_device(A&&... args) {
    auto d = std::make_unique<T>(std::forward<A>(args)...);
    T& ref = *d;
    devices_.push_back(std::move(d));
    return ref;
  }
};

}  // namespace emu
