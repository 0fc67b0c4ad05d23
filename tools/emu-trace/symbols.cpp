#include "tools/emu-trace/symbols.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cxxabi.h>

#include "emu/common/error.h"

namespace emu::trace::tool {
namespace {

std::string demangle(const std::string& sym) {
  int status = 0;
  char* d = abi::__cxa_demangle(sym.c_str(), nullptr, nullptr, &status);
  if (status != 0 || !d) return sym;
  std::string out = d, suffix;
  std::free(d);
  // Without the parameter list: tables and flame graphs need short names (an overloaded
  // function's versions then share one; the symbol still tells them apart).
  if (auto c = out.find(" [clone"); c != std::string::npos) suffix = out.substr(c), out.resize(c);
  if (out.ends_with(" const")) out.resize(out.size() - 6);
  if (out.ends_with(")")) {
    int depth = 0;
    for (size_t i = out.size(); i-- > 0;) {
      depth += out[i] == ')' ? 1 : out[i] == '(' ? -1 : 0;
      if (depth == 0) {
        if (i > 0) out.resize(i);
        break;
      }
    }
  }
  return out + suffix;
}

}  // namespace

CodeMap::CodeMap(const TraceHeader& h, const std::vector<std::string>& extra_images) {
  std::vector<TraceSymbol> syms;
  for (const TraceImage& im : h.images)
    for (const TraceSymbol& s : im.symbols)
      if (s.is_function) syms.push_back(s);
  std::vector<std::string> paths = extra_images;
  for (const TraceImage& im : h.images) paths.push_back(im.path);
  for (size_t i = 0; i < paths.size(); ++i) {
    try {
      images_.push_back(read_image(paths[i]));
      if (i < extra_images.size())  // a --image's own symbols count as the header's do
        for (const ImageSymbol& s : images_.back().symbols)
          if (s.is_function) syms.push_back({s.name, s.value, s.size, true});
    } catch (const UserError& e) {
      if (i < extra_images.size()) throw;  // asked for by name: its error is the user's
    }
  }
  std::sort(syms.begin(), syms.end(), [](const TraceSymbol& a, const TraceSymbol& b) {
    return a.value != b.value ? a.value < b.value : a.size > b.size;
  });
  for (size_t i = 0; i < syms.size(); ++i) {
    if (i > 0 && syms[i].value == syms[i - 1].value) continue;  // aliases: the first name
    u32 end = syms[i].value + syms[i].size;
    // An assembly function without .size: up to the next function.
    if (syms[i].size == 0) end = i + 1 < syms.size() ? syms[i + 1].value : syms[i].value + 4;
    functions_.push_back({demangle(syms[i].name), syms[i].name, syms[i].value, end});
  }
  rom_ = u32(functions_.size());
  functions_.push_back({"[boot ROM]", "", 0, 0});
  unknown_ = u32(functions_.size());
  functions_.push_back({"[no symbol]", "", 0, 0});
}

u32 CodeMap::function_at(u32 va) {
  auto it = cache_.find(va);
  if (it != cache_.end()) return it->second;
  u32 f = unknown_;
  auto up = std::upper_bound(functions_.begin(), functions_.begin() + rom_, va,
                             [](u32 v, const Function& fn) { return v < fn.start; });
  // The innermost function starting at or below va that still contains it.
  for (auto p = up; p != functions_.begin();) {
    --p;
    if (va < p->end) {
      f = u32(p - functions_.begin());
      break;
    }
    if (up - p > 8) break;
  }
  if (f == unknown_ && (va & 0x1ff00000u) == 0x1fc00000u) f = rom_;  // kseg0/kseg1 ROM
  // Code run uncached through kseg1 (cache flushing must not run from the cache it
  // flushes) is its kseg0 symbol's.
  if (f == unknown_ && (va >> 29) == 5) f = function_at(va - 0x20000000u);
  cache_.emplace(va, f);
  return f;
}

std::optional<u32> CodeMap::find(const std::string& name) const {
  for (u32 i = 0; i < functions_.size(); ++i)
    if (functions_[i].name == name || functions_[i].symbol == name) return i;
  return std::nullopt;
}

bool CodeMap::is_entry(u32 va) {
  u32 f = function_at(va);
  return f < rom_ && functions_[f].start == va;
}

std::optional<u32> CodeMap::word_at(u32 va) const {
  if ((va >> 29) == 5) va -= 0x20000000u;  // kseg1: the image is placed by its kseg0 addresses
  for (const LoadedImage& im : images_)
    for (const ImageSegment& s : im.segments)
      if (va >= s.vaddr && va - s.vaddr + 4 <= s.filesz) {
        const u8* p = s.data.data() + (va - s.vaddr);
        return u32(p[0]) | u32(p[1]) << 8 | u32(p[2]) << 16 | u32(p[3]) << 24;
      }
  return std::nullopt;
}

std::string CodeMap::where(u32 va) {
  char buf[64];
  u32 f = function_at(va);
  if (f < rom_) {
    std::snprintf(buf, sizeof buf, "+0x%x", va - functions_[f].start);
    return functions_[f].name + buf;
  }
  std::snprintf(buf, sizeof buf, "0x%08x", va);
  return buf;
}

}  // namespace emu::trace::tool
