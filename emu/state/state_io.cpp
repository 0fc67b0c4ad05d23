#include "emu/state/state_io.h"

namespace emu {

void StateIo::bytes(void* p, size_t n) {
  if (!loading()) {
    const u8* b = static_cast<const u8*>(p);
    out_.insert(out_.end(), b, b + n);
    return;
  }
  if (n > size_ - pos_) throw StateError("truncated: the state ends inside a field");
  if (n) std::memcpy(p, in_ + pos_, n);
  pos_ += n;
}

void StateIo::boolean(bool& b) {
  u8 v = b;
  pod(v);
  check(v <= 1, "a flag is neither 0 nor 1");
  b = v;
}

size_t StateIo::count(size_t n, size_t max) {
  u64 v = n;
  pod(v);
  check(v <= max, "a count is larger than the field can hold");
  // Every element takes at least a byte: a count beyond the bytes left is a corrupt one,
  // refused before anything is allocated for it.
  check(v <= size_ - pos_, "truncated: a count is larger than the bytes that follow");
  return size_t(v);
}

void StateIo::str(std::string& s, size_t max) {
  const size_t n = count(s.size(), max);
  if (loading()) s.assign(n, '\0');
  bytes(s.data(), n);
}

void StateIo::section(std::string_view tag) {
  std::string t(tag);
  std::string got = t;
  str(got, 64);
  if (loading() && got != t) throw StateError("expected the part '" + t + "' at byte " + std::to_string(pos_) + ", found another");
}

void StateIo::check(bool ok, const char* what) const {
  if (!ok && loading()) throw StateError(what);
}

void StateIo::finish() const {
  if (loading() && pos_ != size_) throw StateError("unexpected bytes after the last part");
}

}  // namespace emu
