// Motorola MC146818 / Dallas DS1287 real-time clock with 50 bytes of battery-backed RAM,
// as wired on the DECstation KN01 (phys 0x1d000000) and KN02 (phys 0x1fe80000).
//
// Sources: shared/reference/dz-rtc-prom.md §2 and decstation-memory-maps.md §1.7;
// Motorola MC146818A and Dallas DS1287/DS12887 data sheets (register bits, RS table, UIP
// lead time tBUC = 244 µs, DV patterns, "next update 500 ms after 010 is written", DSE
// rules, effects of RESET, "SET going high clears UIE"); NetBSD sys/dev/dec/mcclock.c
// (DEC PROM year convention); Linux arch/mips/dec/time.c (real year kept in RAM byte 0x3f).
//
// Bus interface. Register n (0..63) is the byte at offset stride*n (byte lane 0; stride 4
// on DECstations). Every access is split into bytes: a byte whose offset is stride*n + 0
// is register n, a byte in lanes 1..stride-1 comes from the "other lanes" hook (KN01 puts
// the Ethernet station-address ROM in lane 1 of the same words) or reads 0, and writes to
// those lanes are ignored. So a 32-bit read at 4n returns register n in bits 7:0 (with the
// side effects of reading it, e.g. clearing register C) and the hook's lanes 1..3 above it;
// a 32-bit write at 4n writes bits 7:0 to register n. The chip sees only the low address
// lines, so offsets alias every 64*stride bytes (no bus error inside the decoded window).
//
// Time. Everything is derived from a model of the 32.768 kHz divider chain: a count of
// oscillator ticks, converted to CPU cycles as cycle = anchor + floor(ticks * cpu_hz / 32768)
// so no error accumulates. The once-a-second update happens when the chain count is
// 16384 (mod 32768); a periodic flag of period P ticks is set at counts P/2 (mod P), which
// puts the update half-way between two periodic interrupts (data sheet figure
// "update-ended and periodic interrupt relationship"). Releasing the divider reset restarts
// the count at 0, hence the data sheet's first update 500 ms later. At power-on the chain is
// placed so that the first update falls exactly one second after construction.
#pragma once
#include <array>
#include <functional>

#include "devices/device.h"
#include "devices/irq_line.h"
#include "emu/common/types.h"
#include "emu/sched/scheduler.h"

namespace emu {

class Mc146818 : public Device {
 public:
  // Register indices (the chip's own addresses; the bus offset is stride * index).
  enum Reg : unsigned {
    kSeconds = 0, kSecondsAlarm = 1, kMinutes = 2, kMinutesAlarm = 3, kHours = 4, kHoursAlarm = 5,
    kDayOfWeek = 6, kDayOfMonth = 7, kMonth = 8, kYear = 9,
    kRegA = 10, kRegB = 11, kRegC = 12, kRegD = 13,
    kFirstRam = 14, kNumRegs = 64,
  };
  static constexpr unsigned kNvramBytes = kNumRegs - kFirstRam;  // 50
  using Nvram = std::array<u8, kNvramBytes>;

  // Register A
  static constexpr u8 kA_UIP = 0x80;      // update in progress (read-only)
  static constexpr u8 kA_DvMask = 0x70;   // divider control
  static constexpr u8 kA_Dv32k = 0x20;    // 010: 32.768 kHz time base, the only running setting
  static constexpr u8 kA_RsMask = 0x0f;   // periodic rate select
  // Register B
  static constexpr u8 kB_SET = 0x80, kB_PIE = 0x40, kB_AIE = 0x20, kB_UIE = 0x10;
  static constexpr u8 kB_SQWE = 0x08, kB_DM = 0x04, kB_24H = 0x02, kB_DSE = 0x01;
  // Register C (read-only; reading clears it) and D
  static constexpr u8 kC_IRQF = 0x80, kC_PF = 0x40, kC_AF = 0x20, kC_UF = 0x10;
  static constexpr u8 kD_VRT = 0x80;
  // Alarm bytes with both top bits set match any value ("don't care").
  static constexpr u8 kAlarmDontCare = 0xc0;
  // Hours in 12-hour mode: 1..12 with bit 7 = PM.
  static constexpr u8 kHourPm = 0x80;

  static constexpr u32 kOscHz = 32768;
  static constexpr u32 kTicksPerSecond = kOscHz;
  static constexpr u32 kUpdatePhase = kOscHz / 2;  // chain count (mod 32768) of the update
  // UIP rises tBUC = 244 µs before the update: 8 oscillator ticks = 244.140625 µs.
  static constexpr u32 kUipLeadTicks = 8;

  // Decoded clock contents. year is the 0..99 register value, hour is 0..23 whatever the
  // 12/24 mode, weekday is 1..7 with 1 = Sunday (the data sheet's convention).
  struct Calendar {
    int year = 72, month = 1, day = 1, hour = 0, minute = 0, second = 0, weekday = 7;
    bool operator==(const Calendar&) const = default;
  };

  // Byte provider for lanes 1..stride-1 of register word `reg` (e.g. the KN01 ESAR).
  using LaneHook = std::function<u8(unsigned reg, unsigned lane)>;

  // cpu_hz: the machine's CPU clock (scheduler cycles per second), > 0. stride >= 1.
  // The scheduler must outlive the device (the destructor cancels its events).
  // Construction is power-on: time 1972-01-01 00:00:00 (Saturday), binary 24-hour mode,
  // A = 0x20 (running, no periodic rate), B = DM | 24H, RAM all zero (see mc146818.cpp).
  Mc146818(Scheduler& sched, IrqLine& irq, u64 cpu_hz, unsigned stride = 4);
  ~Mc146818() override;
  Mc146818(const Mc146818&) = delete;
  Mc146818& operator=(const Mc146818&) = delete;

  const char* name() const override { return "mc146818"; }
  // The chip's RESET pin: clears PIE, AIE, UIE, SQWE and all of register C, drops the IRQ.
  // Time, calendar, alarms, RAM, register A, SET, DM, 24/12, DSE and the divider phase are
  // kept (the battery keeps them; data sheet).
  void reset() override;
  bool read(u32 offset, unsigned size, u32& value) override;
  bool write(u32 offset, unsigned size, u32 value) override;
  void state(StateIo& io) override;

  void set_other_lanes(LaneHook hook) { other_lanes_ = std::move(hook); }

  // Battery-backed RAM (registers 14..63) for persisting to a file.
  Nvram nvram() const;
  void load_nvram(const Nvram& bytes);

  // Register contents without side effects (register C is not cleared; A shows UIP).
  u8 peek(unsigned reg) const;

  // Decode / encode the time registers in the current DM and 24/12 modes.
  Calendar calendar() const;
  void set_calendar(const Calendar& c);
  // The DEC "time of year" encoding of a UNIX time (UTC): the seconds elapsed in its year,
  // counted from 1972-01-01 00:00:00, i.e. a date in 1972 with year register 72. This is
  // what the DEC PROM accepts (it resets a clock outside 1972/1973 to 1972-01-01) and what
  // Ultrix/NetBSD write and read back.
  static Calendar dec_time_of_year(s64 unix_seconds);
  // Only for --rtc-host-time: the one place a host clock enters the machine.
  void set_time_from_host();

 private:
  enum class Divider { kRun, kStop, kReset };

  u8 read_byte(u32 offset);
  void write_byte(u32 offset, u8 value);
  u8 read_reg(unsigned reg);
  void write_reg(unsigned reg, u8 value);
  void write_reg_a(u8 value);
  void write_reg_b(u8 value);

  bool irqf() const;
  void update_irq() { irq_.set(irqf()); }

  // Divider chain.
  static Divider divider_of(u8 reg_a);
  u64 chain_now() const;                 // chain count at sched_.now()
  Cycles cycle_of_tick(u64 tick) const;  // when the chain reaches `tick` (running only)
  static u64 period_ticks(unsigned rs);  // 0 = no periodic interrupt
  void reschedule();                     // both events, from the current chain count
  void reschedule_periodic(u64 chain);
  void on_periodic();
  void on_update();

  // The once-a-second update of the time registers (the hardware's update transfer).
  void advance_one_second();
  int decode(u8 v) const;
  u8 encode(int v) const;
  int hour24() const;
  void set_hour24(int h);
  void check_alarm();

  Scheduler& sched_;
  IrqLine& irq_;
  u64 cpu_hz_;
  unsigned stride_;
  LaneHook other_lanes_;

  std::array<u8, kNumRegs> regs_{};  // A holds bits 6:0; C and D are synthesised on read
  u8 flags_ = 0;                     // PF | AF | UF
  bool dse_fell_back_ = false;       // the October 1:59:59 -> 1:00:00 step happened today

  // Chain count = anchor_tick_ + elapsed ticks since anchor_cycle_ while running;
  // frozen at anchor_tick_ otherwise.
  Divider divider_ = Divider::kRun;
  Cycles anchor_cycle_ = 0;
  u64 anchor_tick_ = 0;
  u64 next_update_tick_ = 0;
  u64 next_periodic_tick_ = 0;
  Event update_event_;
  Event periodic_event_;
};

}  // namespace emu
