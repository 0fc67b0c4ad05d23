// Basic integer types and small helpers shared by the whole emulator.
#pragma once
#include <cstdint>
#include <cstddef>

namespace emu {

using u8 = std::uint8_t;
using u16 = std::uint16_t;
using u32 = std::uint32_t;
using u64 = std::uint64_t;
using s8 = std::int8_t;
using s16 = std::int16_t;
using s32 = std::int32_t;
using s64 = std::int64_t;

// Machine time is counted in CPU cycles of the machine that owns it.
using Cycles = std::uint64_t;

inline constexpr u32 sign_extend16(u32 v) { return static_cast<u32>(static_cast<s32>(static_cast<s16>(v))); }
inline constexpr u32 sign_extend8(u32 v) { return static_cast<u32>(static_cast<s32>(static_cast<s8>(v))); }

}  // namespace emu
