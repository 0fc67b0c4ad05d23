// Linux TAP station: see tap_device.h.
#include "emu/net/tap_device.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "emu/net/crc32.h"

namespace emu::net {

TapDevice::TapDevice(const std::string& ifname) : name_(ifname) {
  if (ifname.empty() || ifname.size() >= IFNAMSIZ)
    throw NetError("tap " + ifname + ": interface name empty or longer than " + std::to_string(IFNAMSIZ - 1) + " characters");
  fd_ = Fd(::open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd_) throw NetError("tap " + ifname + ": cannot open /dev/net/tun: " + std::strerror(errno));
  ifreq ifr{};
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
  std::memcpy(ifr.ifr_name, ifname.c_str(), ifname.size());
  if (::ioctl(fd_.get(), TUNSETIFF, &ifr) != 0)
    throw NetError("tap " + ifname + ": cannot attach (TUNSETIFF): " + std::strerror(errno) +
                   (errno == EPERM ? " (needs CAP_NET_ADMIN, or a TAP created for this user with ip tuntap)" : ""));
}

void TapDevice::read_frames(std::vector<Frame>& out) {
  u8 buf[65536];
  for (;;) {
    ssize_t n = ::read(fd_.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // EAGAIN: nothing more now (errors such as a downed interface: the same)
    Frame f;
    f.bytes.assign(buf, buf + n);
    if (f.bytes.size() > kMaxCarriedBytes - kFcsBytes) continue;
    if (f.bytes.size() < kMinFrameBytes - kFcsBytes) f.bytes.resize(kMinFrameBytes - kFcsBytes, 0);
    u32 crc = ethernet_crc32(f.bytes.data(), f.bytes.size());
    for (int i = 0; i < 4; i++) f.bytes.push_back(u8(crc >> (8 * i)));
    out.push_back(std::move(f));
  }
}

void TapDevice::write(const Frame& f) {
  size_t n = f.bytes.size();
  if (n < 14 + kFcsBytes) { dropped_++; return; }
  u32 crc = ethernet_crc32(f.bytes.data(), n - kFcsBytes);
  u32 fcs = u32(f.bytes[n - 4]) | u32(f.bytes[n - 3]) << 8 | u32(f.bytes[n - 2]) << 16 | u32(f.bytes[n - 1]) << 24;
  if (crc != fcs) { dropped_++; return; }
  ssize_t w;
  do { w = ::write(fd_.get(), f.bytes.data(), n - kFcsBytes); } while (w < 0 && errno == EINTR);
  if (w < 0) dropped_++;
}

}  // namespace emu::net
