// Shared-memory link channel: see shm_channel.h.
#include "emu/net/shm_channel.h"

#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace emu::net {

static_assert(std::atomic<u64>::is_always_lock_free && std::atomic<u32>::is_always_lock_free,
              "the shared-memory channel needs lock-free atomics (they must live in the mapping)");

namespace {
constexpr u64 kShmMagic = 0x314d48535445'4e44ull;  // "DNETSHM1"
constexpr u32 kShmVersion = 1;
constexpr size_t kHeaderBytes = 4096;
constexpr u32 kSkip = 0xffffffffu;
constexpr u32 kRecordHeader = 24;

size_t round8(size_t n) { return (n + 7) & ~size_t(7); }
}  // namespace

struct ShmChannel::Side {
  alignas(64) std::atomic<u64> published;
  std::atomic<u32> seq;
  alignas(64) std::atomic<u64> write_pos;
  alignas(64) std::atomic<u64> read_pos;
  alignas(64) std::atomic<u32> sleeping;
};

struct ShmChannel::Header {
  u64 magic;
  u32 version;
  u32 ring_bytes;
  Side side[2];
};

ShmChannel::ShmChannel(Fd fd, u8* base, size_t size, u32 ring_bytes, std::string who)
    : fd_(std::move(fd)), base_(base), size_(size), ring_bytes_(ring_bytes), who_(std::move(who)) {}

ShmChannel::ShmChannel(ShmChannel&& o) noexcept
    : fd_(std::move(o.fd_)), base_(o.base_), size_(o.size_), ring_bytes_(o.ring_bytes_), me_(o.me_), who_(std::move(o.who_)) {
  o.base_ = nullptr;
}

ShmChannel::~ShmChannel() {
  if (base_) munmap(base_, size_);
}

ShmChannel ShmChannel::create(u32 ring_bytes, const std::string& who) {
  static_assert(sizeof(Header) <= kHeaderBytes);
  if (ring_bytes < 4 * (kMaxCarriedBytes + 64) || ring_bytes % 4096)
    throw NetError("link " + who + ": shared-memory ring too small or not page-sized");
  Fd fd(int(syscall(SYS_memfd_create, "emu-net-link", 1u /* MFD_CLOEXEC */)));
  if (!fd) throw NetError("link " + who + ": memfd_create: " + std::strerror(errno));
  size_t size = kHeaderBytes + 2 * size_t(ring_bytes);
  if (ftruncate(fd.get(), off_t(size)) != 0) throw NetError("link " + who + ": ftruncate: " + std::strerror(errno));
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (p == MAP_FAILED) throw NetError("link " + who + ": mmap: " + std::strerror(errno));
  auto* h = new (p) Header{};  // a fresh memfd is zero; this starts the atomics' lifetimes
  h->magic = kShmMagic;
  h->version = kShmVersion;
  h->ring_bytes = ring_bytes;
  return ShmChannel(std::move(fd), static_cast<u8*>(p), size, ring_bytes, who);
}

ShmChannel ShmChannel::attach(Fd fd, u32 ring_bytes, const std::string& who) {
  struct stat st;
  size_t size = kHeaderBytes + 2 * size_t(ring_bytes);
  if (fstat(fd.get(), &st) != 0 || size_t(st.st_size) != size || ring_bytes % 4096 || ring_bytes < 4 * (kMaxCarriedBytes + 64))
    throw NetError("link " + who + ": malformed data from peer: shared memory of the wrong size");
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd.get(), 0);
  if (p == MAP_FAILED) throw NetError("link " + who + ": mmap: " + std::strerror(errno));
  auto* h = static_cast<Header*>(p);
  if (h->magic != kShmMagic || h->version != kShmVersion || h->ring_bytes != ring_bytes) {
    munmap(p, size);
    throw NetError("link " + who + ": malformed data from peer: shared memory has a bad header");
  }
  return ShmChannel(std::move(fd), static_cast<u8*>(p), size, ring_bytes, who);
}

ShmChannel::Side& ShmChannel::side(int k) const { return reinterpret_cast<Header*>(base_)->side[k]; }
u8* ShmChannel::ring(int k) const { return base_ + kHeaderBytes + size_t(k) * ring_bytes_; }

bool ShmChannel::try_push(const WireFrame& f) {
  Side& s = side(me_);
  u8* r = ring(me_);
  size_t need = round8(kRecordHeader + f.frame.bytes.size());
  u64 w = s.write_pos.load(std::memory_order_relaxed);
  u64 rd = s.read_pos.load(std::memory_order_acquire);
  size_t off = size_t(w % ring_bytes_);
  size_t skip = ring_bytes_ - off < need ? ring_bytes_ - off : 0;
  if (ring_bytes_ - (w - rd) < skip + need) return false;
  if (skip) {
    std::memcpy(r + off, &kSkip, 4);
    w += skip;
    off = 0;
  }
  u32 len = u32(f.frame.bytes.size());
  u8* p = r + off;
  std::memcpy(p, &len, 4);
  std::memcpy(p + 4, &f.sender, 4);
  std::memcpy(p + 8, &f.seq, 8);
  std::memcpy(p + 16, &f.start, 8);
  if (len) std::memcpy(p + kRecordHeader, f.frame.bytes.data(), len);
  s.write_pos.store(w + need, std::memory_order_release);
  return true;
}

void ShmChannel::publish(Picos t) {
  Side& s = side(me_);
  s.published.store(t, std::memory_order_release);
  s.seq.fetch_add(1, std::memory_order_seq_cst);
  if (s.sleeping.load(std::memory_order_seq_cst))
    syscall(SYS_futex, reinterpret_cast<u32*>(&s.seq), FUTEX_WAKE, 1, nullptr, nullptr, 0);
}

Picos ShmChannel::peer_published() const { return side(1 - me_).published.load(std::memory_order_acquire); }
u32 ShmChannel::peer_seq() const { return side(1 - me_).seq.load(std::memory_order_acquire); }

void ShmChannel::pop(std::vector<WireFrame>& out) {
  Side& s = side(1 - me_);
  const u8* r = ring(1 - me_);
  u64 rd = s.read_pos.load(std::memory_order_relaxed);
  u64 w = s.write_pos.load(std::memory_order_acquire);
  auto bad = [&](const std::string& why) {
    throw NetError("link " + who_ + ": malformed data from peer: shared-memory ring " + why);
  };
  if (w < rd || w - rd > ring_bytes_) bad("indices out of range");
  while (rd < w) {
    size_t off = size_t(rd % ring_bytes_);
    u32 len;
    std::memcpy(&len, r + off, 4);
    if (len == kSkip) {
      rd += ring_bytes_ - off;
      continue;
    }
    if (len > kMaxCarriedBytes) bad("record of " + std::to_string(len) + " bytes");
    size_t need = round8(kRecordHeader + len);
    if (off + need > ring_bytes_ || need > w - rd) bad("record overruns the written part");
    WireFrame f;
    std::memcpy(&f.sender, r + off + 4, 4);
    std::memcpy(&f.seq, r + off + 8, 8);
    std::memcpy(&f.start, r + off + 16, 8);
    f.frame.bytes.assign(r + off + kRecordHeader, r + off + kRecordHeader + len);
    out.push_back(std::move(f));
    rd += need;
  }
  s.read_pos.store(rd, std::memory_order_release);
}

void ShmChannel::sleep_on_peer(u32 seen_seq, std::chrono::microseconds timeout) {
  Side& s = side(1 - me_);
  s.sleeping.store(1, std::memory_order_seq_cst);
  if (s.seq.load(std::memory_order_seq_cst) == seen_seq) {
    timespec ts{time_t(timeout.count() / 1'000'000), long(timeout.count() % 1'000'000) * 1000};
    syscall(SYS_futex, reinterpret_cast<u32*>(&s.seq), FUTEX_WAIT, seen_seq, &ts, nullptr, 0);
  }
  s.sleeping.store(0, std::memory_order_relaxed);
}

}  // namespace emu::net
