// Motorola MC146818 / Dallas DS1287 real-time clock + NVRAM (DECstation KN01/KN02).
// Sources and the timing model are described in mc146818.h. Decisions where the hardware
// is undefined or the sources disagree are marked "Decision:".
#include "devices/mc146818/mc146818.h"

#include <ctime>

#include "emu/common/error.h"

namespace emu {

namespace {

__extension__ typedef unsigned __int128 u128;

// Smallest t > p with t % m == r (r < m): the next chain count at a given phase.
u64 next_at_phase(u64 p, u64 m, u64 r) {
  u64 t = p - p % m + r;
  return t > p ? t : t + m;
}

// The chip's calendar: 0..99 years, every year divisible by 4 is a leap year (so year 00
// is one; the chip knows nothing of centuries). Decision: a month register outside 1..12
// counts as 31 days, so garbage still rolls over instead of hanging.
int chip_days_in_month(int month, int year) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 31;
  if (month == 2 && year % 4 == 0) return 29;
  return kDays[month - 1];
}

bool gregorian_leap(s64 y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

}  // namespace

Mc146818::Mc146818(Scheduler& sched, IrqLine& irq, u64 cpu_hz, unsigned stride)
    : sched_(sched),
      irq_(irq),
      cpu_hz_(cpu_hz),
      stride_(stride),
      update_event_("mc146818.update", [this] { on_update(); }),
      periodic_event_("mc146818.periodic", [this] { on_periodic(); }) {
  if (cpu_hz_ == 0) throw EmulatorError("mc146818: the CPU clock frequency must be non-zero");
  if (stride_ == 0) throw EmulatorError("mc146818: the register stride must be at least 1");
  // Power-on state. Decision: the data sheet leaves the registers undefined at first power;
  // we present a clock that has been running on its battery in the mode DEC kernels use
  // (A = 32.768 kHz time base, no periodic rate; B = binary, 24-hour) and that holds the
  // value the DEC PROM itself forces on a clock it does not like: 1972-01-01 00:00:00
  // (a Saturday, weekday 7). DEC OSes use the clock as a time of year and take the year
  // from the file system, so this reads as "new year's midnight" of the file system's year.
  regs_[kRegA] = kA_Dv32k;
  regs_[kRegB] = kB_DM | kB_24H;
  set_calendar(Calendar{});
  // The chain is half-way through a second, so the first update is exactly 1 s from now.
  divider_ = Divider::kRun;
  anchor_cycle_ = sched_.now();
  anchor_tick_ = kUpdatePhase;
  reschedule();
}

Mc146818::~Mc146818() {
  sched_.cancel(update_event_);
  sched_.cancel(periodic_event_);
}

void Mc146818::reset() {
  // RESET pin (data sheet): clears PIE, AIE, UIE, SQWE and the flags of register C.
  regs_[kRegB] &= static_cast<u8>(~(kB_PIE | kB_AIE | kB_UIE | kB_SQWE));
  flags_ = 0;
  update_irq();
}

// ---------------------------------------------------------------------------------------
// Bus side

bool Mc146818::read(u32 offset, unsigned size, u32& value) {
  if (size != 1 && size != 2 && size != 4) return false;
  value = 0;
  for (unsigned i = 0; i < size; ++i) value |= static_cast<u32>(read_byte(offset + i)) << (8 * i);
  return true;
}

bool Mc146818::write(u32 offset, unsigned size, u32 value) {
  if (size != 1 && size != 2 && size != 4) return false;
  for (unsigned i = 0; i < size; ++i) write_byte(offset + i, static_cast<u8>(value >> (8 * i)));
  return true;
}

u8 Mc146818::read_byte(u32 offset) {
  offset %= kNumRegs * stride_;
  const unsigned reg = offset / stride_;
  const unsigned lane = offset % stride_;
  // Decision: lanes with nothing behind them (KN02) read 0; the real value is UNCONFIRMED.
  if (lane != 0) return other_lanes_ ? other_lanes_(reg, lane) : 0;
  return read_reg(reg);
}

void Mc146818::write_byte(u32 offset, u8 value) {
  offset %= kNumRegs * stride_;
  if (offset % stride_ != 0) return;  // the ESAR in lane 1 is a ROM
  write_reg(offset / stride_, value);
}

u8 Mc146818::peek(unsigned reg) const {
  reg %= kNumRegs;
  switch (reg) {
    case kRegA: {
      // UIP: the 8 ticks (244 µs) before an update that SET does not inhibit.
      const bool uip = divider_ == Divider::kRun && !(regs_[kRegB] & kB_SET) &&
                       chain_now() % kTicksPerSecond >= kUpdatePhase - kUipLeadTicks &&
                       chain_now() % kTicksPerSecond < kUpdatePhase;
      return static_cast<u8>(regs_[kRegA] | (uip ? kA_UIP : 0));
    }
    case kRegC: return static_cast<u8>(flags_ | (irqf() ? kC_IRQF : 0));
    case kRegD: return kD_VRT;  // the battery is always good; bits 6:0 read 0
    default: return regs_[reg];
  }
}

u8 Mc146818::read_reg(unsigned reg) {
  const u8 v = peek(reg);
  if (reg == kRegC) {
    // Reading C is the acknowledge: every flag clears and the IRQ pin is released.
    flags_ = 0;
    update_irq();
  }
  return v;
}

void Mc146818::write_reg(unsigned reg, u8 value) {
  switch (reg) {
    case kRegA: write_reg_a(value); break;
    case kRegB: write_reg_b(value); break;
    case kRegC:
    case kRegD: break;  // read-only
    default:
      // Time, alarm and RAM bytes store any value; out-of-range time values are the
      // program's problem (the update below still terminates on them).
      regs_[reg] = value;
      break;
  }
}

void Mc146818::write_reg_a(u8 value) {
  value &= static_cast<u8>(~kA_UIP);  // UIP is read-only
  const Divider old_div = divider_;
  const Divider new_div = divider_of(value);
  const bool rate_changed = ((regs_[kRegA] ^ value) & kA_RsMask) != 0;
  if (old_div != new_div) {
    const u64 chain = chain_now();
    if (new_div == Divider::kReset)
      anchor_tick_ = 0;        // the countdown chain is held at zero
    else if (old_div == Divider::kRun)
      anchor_tick_ = chain;    // oscillator stopped: the chain keeps its count
    if (new_div == Divider::kRun) anchor_cycle_ = sched_.now();
    divider_ = new_div;
  }
  regs_[kRegA] = value;
  if (old_div != new_div)
    reschedule();
  else if (rate_changed && divider_ == Divider::kRun)
    reschedule_periodic(chain_now());
  else if (rate_changed)
    sched_.cancel(periodic_event_);
}

void Mc146818::write_reg_b(u8 value) {
  // "The SET bit going high clears the UIE bit" (data sheet).
  if ((value & kB_SET) && !(regs_[kRegB] & kB_SET)) value &= static_cast<u8>(~kB_UIE);
  regs_[kRegB] = value;
  // IRQF is combinational in flags and enables: enabling a pending flag raises the pin.
  update_irq();
}

bool Mc146818::irqf() const {
  const u8 b = regs_[kRegB];
  return ((flags_ & kC_PF) && (b & kB_PIE)) || ((flags_ & kC_AF) && (b & kB_AIE)) ||
         ((flags_ & kC_UF) && (b & kB_UIE));
}

// ---------------------------------------------------------------------------------------
// Divider chain and events

Mc146818::Divider Mc146818::divider_of(u8 reg_a) {
  const u8 dv = reg_a & kA_DvMask;
  if (dv == kA_Dv32k) return Divider::kRun;
  // 11x holds the chain in reset. Decision: every other pattern (the MC146818's 4 MHz and
  // 1 MHz bases, which a DECstation's 32 kHz crystal cannot drive, and the DS1287's
  // "oscillator off" codes) stops the chain where it is.
  if ((dv & 0x60) == 0x60) return Divider::kReset;
  return Divider::kStop;
}

u64 Mc146818::chain_now() const {
  if (divider_ != Divider::kRun) return anchor_tick_;
  // Largest d with cycle_of_tick(anchor + d) <= now, i.e. floor(d * hz / 32768) <= e.
  const u128 e = sched_.now() - anchor_cycle_;
  const u128 d = ((e + 1) * kOscHz - 1) / cpu_hz_;
  return anchor_tick_ + static_cast<u64>(d);
}

Cycles Mc146818::cycle_of_tick(u64 tick) const {
  const u128 d = tick - anchor_tick_;
  return anchor_cycle_ + static_cast<Cycles>(d * cpu_hz_ / kOscHz);
}

u64 Mc146818::period_ticks(unsigned rs) {
  // RS table for the 32.768 kHz time base: 1 and 2 repeat the 256 Hz and 128 Hz taps;
  // 3..15 give 8192 Hz down to 2 Hz, i.e. a period of 2^(rs-1) ticks.
  rs &= kA_RsMask;
  if (rs == 0) return 0;
  if (rs == 1) return 128;
  if (rs == 2) return 256;
  return u64{1} << (rs - 1);
}

void Mc146818::reschedule() {
  if (divider_ != Divider::kRun) {
    sched_.cancel(update_event_);
    sched_.cancel(periodic_event_);
    return;
  }
  const u64 chain = chain_now();
  next_update_tick_ = next_at_phase(chain, kTicksPerSecond, kUpdatePhase);
  sched_.schedule_at(update_event_, cycle_of_tick(next_update_tick_));
  reschedule_periodic(chain);
}

void Mc146818::reschedule_periodic(u64 chain) {
  const u64 period = period_ticks(regs_[kRegA]);
  if (period == 0) {
    sched_.cancel(periodic_event_);
    return;
  }
  // PF rises at the tap's edge half a period into each period of the chain.
  next_periodic_tick_ = next_at_phase(chain, period, period / 2);
  sched_.schedule_at(periodic_event_, cycle_of_tick(next_periodic_tick_));
}

void Mc146818::on_periodic() {
  // PF is set whatever PIE says; only the pin depends on PIE.
  flags_ |= kC_PF;
  update_irq();
  const u64 period = period_ticks(regs_[kRegA]);
  if (period == 0) return;
  // The next edge from the tick count, not from "now": no drift, even if we ran late.
  next_periodic_tick_ += period;
  sched_.schedule_at(periodic_event_, cycle_of_tick(next_periodic_tick_));
}

void Mc146818::on_update() {
  // Decision: SET inhibits the whole update (MC146818 behaviour: no advance, no UF, no AF).
  // The Dallas parts keep counting an internal copy while SET=1; that difference is
  // invisible to software that, as DEC kernels do, rewrites the full time under SET.
  // The update transfer is modelled as instantaneous: UIP falls, the registers change and
  // UF/AF rise at the same cycle.
  if (!(regs_[kRegB] & kB_SET)) {
    advance_one_second();
    check_alarm();
    flags_ |= kC_UF;
    update_irq();
  }
  next_update_tick_ += kTicksPerSecond;
  sched_.schedule_at(update_event_, cycle_of_tick(next_update_tick_));
}

// ---------------------------------------------------------------------------------------
// Calendar

int Mc146818::decode(u8 v) const {
  if (regs_[kRegB] & kB_DM) return v;
  return (v >> 4) * 10 + (v & 0x0f);
}

u8 Mc146818::encode(int v) const {
  if (regs_[kRegB] & kB_DM) return static_cast<u8>(v);
  return static_cast<u8>(((v / 10) << 4) | (v % 10));
}

int Mc146818::hour24() const {
  const u8 r = regs_[kHours];
  if (regs_[kRegB] & kB_24H) return decode(r);
  // 12-hour mode: 12 AM is midnight, 12 PM is noon.
  return decode(r & 0x7f) % 12 + ((r & kHourPm) ? 12 : 0);
}

void Mc146818::set_hour24(int h) {
  if (regs_[kRegB] & kB_24H) {
    regs_[kHours] = encode(h);
    return;
  }
  const int h12 = h % 12 == 0 ? 12 : h % 12;
  regs_[kHours] = static_cast<u8>(encode(h12) | (h >= 12 ? kHourPm : 0));
}

void Mc146818::advance_one_second() {
  // Each field is rewritten only when it changes, as the hardware's carry chain does.
  // Decision: a value at or beyond its maximum wraps like the maximum, so garbage written
  // by a program still rolls over (the data sheet leaves such values undefined).
  const int sec = decode(regs_[kSeconds]);
  const int min = decode(regs_[kMinutes]);
  const int dow = decode(regs_[kDayOfWeek]);
  const int day = decode(regs_[kDayOfMonth]);
  const int mon = decode(regs_[kMonth]);

  // DSE (implemented, DS1287 rules): first Sunday in April 1:59:59 AM -> 3:00:00 AM; last
  // Sunday in October, the first time 1:59:59 AM is reached -> 1:00:00 AM. "Sunday" is
  // weekday register 1. DEC kernels leave DSE clear.
  const bool october_last_sunday = mon == 10 && dow == 1 && day >= 25;
  if (!october_last_sunday) dse_fell_back_ = false;
  if ((regs_[kRegB] & kB_DSE) && dow == 1 && sec == 59 && min == 59 && hour24() == 1) {
    if (mon == 4 && day <= 7) {
      regs_[kSeconds] = encode(0);
      regs_[kMinutes] = encode(0);
      set_hour24(3);
      return;
    }
    if (october_last_sunday && !dse_fell_back_) {
      regs_[kSeconds] = encode(0);
      regs_[kMinutes] = encode(0);
      dse_fell_back_ = true;
      return;
    }
  }

  if (sec < 59) {
    regs_[kSeconds] = encode(sec + 1);
    return;
  }
  regs_[kSeconds] = encode(0);
  if (min < 59) {
    regs_[kMinutes] = encode(min + 1);
    return;
  }
  regs_[kMinutes] = encode(0);
  const int hour = hour24();
  if (hour < 23) {
    set_hour24(hour + 1);
    return;
  }
  set_hour24(0);
  regs_[kDayOfWeek] = encode(dow >= 7 ? 1 : dow + 1);
  const int year = decode(regs_[kYear]);
  if (day < chip_days_in_month(mon, year)) {
    regs_[kDayOfMonth] = encode(day + 1);
    return;
  }
  regs_[kDayOfMonth] = encode(1);
  if (mon < 12) {
    regs_[kMonth] = encode(mon + 1);
    return;
  }
  regs_[kMonth] = encode(1);
  regs_[kYear] = encode(year < 99 ? year + 1 : 0);
}

void Mc146818::check_alarm() {
  // The chip compares raw bytes (so a 12-hour alarm includes the PM bit); an alarm byte
  // with both top bits set matches anything.
  auto match = [this](unsigned time_reg, unsigned alarm_reg) {
    const u8 a = regs_[alarm_reg];
    return (a & kAlarmDontCare) == kAlarmDontCare || a == regs_[time_reg];
  };
  if (match(kSeconds, kSecondsAlarm) && match(kMinutes, kMinutesAlarm) &&
      match(kHours, kHoursAlarm))
    flags_ |= kC_AF;
}

Mc146818::Calendar Mc146818::calendar() const {
  Calendar c;
  c.year = decode(regs_[kYear]);
  c.month = decode(regs_[kMonth]);
  c.day = decode(regs_[kDayOfMonth]);
  c.hour = hour24();
  c.minute = decode(regs_[kMinutes]);
  c.second = decode(regs_[kSeconds]);
  c.weekday = decode(regs_[kDayOfWeek]);
  return c;
}

void Mc146818::set_calendar(const Calendar& c) {
  regs_[kYear] = encode(c.year);
  regs_[kMonth] = encode(c.month);
  regs_[kDayOfMonth] = encode(c.day);
  set_hour24(c.hour);
  regs_[kMinutes] = encode(c.minute);
  regs_[kSeconds] = encode(c.second);
  regs_[kDayOfWeek] = encode(c.weekday);
  dse_fell_back_ = false;
}

Mc146818::Calendar Mc146818::dec_time_of_year(s64 unix_seconds) {
  s64 days = unix_seconds / 86400;
  s64 secs = unix_seconds % 86400;
  if (secs < 0) {
    secs += 86400;
    --days;
  }
  // Day of the year (0-based) in the host's Gregorian calendar.
  s64 year = 1970;
  while (days < 0) days += gregorian_leap(--year) ? 366 : 365;
  while (days >= (gregorian_leap(year) ? 366 : 365)) days -= gregorian_leap(year++) ? 366 : 365;
  // The same number of days and seconds counted from 1972-01-01 (a leap year, so every
  // day of any year fits in it; a Saturday).
  Calendar c;
  c.year = 72;
  c.weekday = static_cast<int>((6 + days) % 7) + 1;
  int month = 1;
  while (days >= chip_days_in_month(month, 72)) days -= chip_days_in_month(month++, 72);
  c.month = month;
  c.day = static_cast<int>(days) + 1;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

void Mc146818::set_time_from_host() {
  set_calendar(dec_time_of_year(static_cast<s64>(std::time(nullptr))));
}

// ---------------------------------------------------------------------------------------
// NVRAM

Mc146818::Nvram Mc146818::nvram() const {
  Nvram out;
  for (unsigned i = 0; i < kNvramBytes; ++i) out[i] = regs_[kFirstRam + i];
  return out;
}

void Mc146818::load_nvram(const Nvram& bytes) {
  for (unsigned i = 0; i < kNvramBytes; ++i) regs_[kFirstRam + i] = bytes[i];
}


void Mc146818::state(StateIo& io) {
  io.pod(regs_);
  io.pod(flags_);
  io.boolean(dse_fell_back_);
  io.pod(divider_);
  io.check(divider_ == Divider::kRun || divider_ == Divider::kStop || divider_ == Divider::kReset,
           "the clock's divider state is unknown");
  io.pod(anchor_cycle_);
  io.pod(anchor_tick_);
  io.pod(next_update_tick_);
  io.pod(next_periodic_tick_);
  sched_.event_state(io, update_event_);
  sched_.event_state(io, periodic_event_);
}

}  // namespace emu
