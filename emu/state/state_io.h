// Saving and restoring the state of the machine's parts (checkpoints, the state hash):
// one function per part, `void state(StateIo& io)`, that names each field once and works
// in both directions — a StateIo made by writer() appends the fields' bytes, one made by
// reader() overwrites the fields from bytes — so what is saved and what is restored can
// never drift apart. The file around it (header, zlib, versions) is emu/checkpoint/.
//
// What a part saves: everything that decides its future behaviour and its counters, never
// what is derived from that and rebuilt (decoded code, lookup caches, host handles), nor
// its configuration (the machine's options rebuild it). Bytes are the host's (little-endian)
// representation; only types without padding bits can be saved whole (pod()), so equal
// states always give equal bytes and the state hash is stable.
//
// A reader never trusts the bytes: running past the end, a count beyond what a field can
// hold, or a value check() refuses throws StateError, which the checkpoint reader turns
// into one line naming the file.
#pragma once
#include <cstring>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "emu/common/types.h"

namespace emu {

class StateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class StateIo {
 public:
  static StateIo writer() { return StateIo(); }
  static StateIo reader(const u8* data, size_t size) { return StateIo(data, size); }

  bool loading() const { return in_ != nullptr; }
  // A tag between parts: a reader that finds another tag (a part saved more or fewer
  // fields than it reads, or a device missing) says where the bytes went wrong.
  void section(std::string_view tag);

  template <class T> void pod(T& v) {
    static_assert(std::is_trivially_copyable_v<T> && std::has_unique_object_representations_v<T>,
                  "only types without padding bits are saved as bytes");
    bytes(&v, sizeof v);
  }
  void boolean(bool& b);
  void bytes(void* p, size_t n);
  void str(std::string& s, size_t max = 4096);
  // A count of elements written before them; a reader refuses one above max.
  size_t count(size_t n, size_t max);
  template <class T> void vec(std::vector<T>& v, size_t max) {
    const size_t n = count(v.size(), max);
    if (loading()) v.assign(n, T{});
    for (auto& e : v) pod(e);
  }
  template <class T, class F> void deque(std::deque<T>& d, size_t max, F&& each) {
    const size_t n = count(d.size(), max);
    if (loading()) d.assign(n, T{});
    for (auto& e : d) each(e);
  }
  // Reader: throws StateError(what) unless ok (a value out of the range a field can hold).
  void check(bool ok, const char* what) const;
  // Reader: every byte was consumed.
  void finish() const;

  const std::vector<u8>& data() const { return out_; }
  std::vector<u8>& data() { return out_; }
  size_t position() const { return pos_; }

 private:
  StateIo() = default;
  StateIo(const u8* data, size_t size) : in_(data), size_(size) {}
  std::vector<u8> out_;
  const u8* in_ = nullptr;
  size_t size_ = 0, pos_ = 0;
};

}  // namespace emu
