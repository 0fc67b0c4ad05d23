// The kernel's event counters (abi.h KStat; read by kSysKstat, dev/ksock.cpp), kept for
// the UDP experiment's per-round-trip figures: each is one increment where the event
// happens.
#pragma once
#include "abi.h"

namespace kern {
extern kabi::KStat g_kstat;
}  // namespace kern
