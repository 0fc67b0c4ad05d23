// Serial line on a listening socket: a Unix-domain socket at a path (--serial N=unix:PATH)
// or TCP on 127.0.0.1 only (--serial N=tcp:PORT; raw bytes, no telnet negotiation: use
// `nc`/`socat`, not `telnet`). One client at a time: while one is connected, others wait
// in the listen queue; when it disconnects the line is free for the next.
//
// Never blocks, never spins:
//  * the listening socket and the client are non-blocking; a new client is accepted when
//    the line next transmits or polls for input (the DC7085 polls once per character time
//    of an enabled receiver);
//  * with no client, transmitted characters vanish (a terminal line with nobody on it);
//  * output is buffered and flushed on newline, at 4 KiB, before every input poll, on
//    flush() and on destruction; a client that does not read makes its pending output
//    stop growing at 64 KiB — what does not fit is dropped, as on a line without flow
//    control — instead of stalling the emulator;
//  * end of file or an error from the client closes it and the line listens again.
// Host-timed: what the guest receives depends on when the client sends it.
//
// Errors are the user's (UserError naming the option): an unusable path (too long, an
// existing file that is not a socket), a port out of range or already in use. A stale
// socket file at PATH (from an earlier run) is replaced; the file is removed on
// destruction. SIGPIPE is never raised (MSG_NOSIGNAL).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "devices/serial/serial_backend.h"

namespace emu {

class SocketBackend final : public SerialBackend {
 public:
  // option_name names the option in error messages ("--serial2").
  static std::unique_ptr<SocketBackend> listen_unix(const std::string& path, const std::string& option_name);
  // port 0 = any free port (see port()).
  static std::unique_ptr<SocketBackend> listen_tcp(unsigned port, const std::string& option_name);
  ~SocketBackend() override;
  SocketBackend(const SocketBackend&) = delete;
  SocketBackend& operator=(const SocketBackend&) = delete;

  void transmit(u8 c) override;
  bool receive(u8& c) override;
  void flush() override;

  bool connected() const { return client_ >= 0; }
  unsigned port() const { return port_; }  // TCP: the port listened on; 0 for Unix
  const std::string& path() const { return path_; }
  u64 dropped() const { return dropped_; }  // output bytes lost (no client, or it stalled)

 private:
  static constexpr size_t kFlushAt = 4096, kMaxPending = 64 * 1024, kInChunk = 4096;
  explicit SocketBackend(int listen_fd) : listen_(listen_fd) {}
  bool ensure_client();  // accept one if none; true if a client is connected
  void drop_client();

  int listen_ = -1;
  int client_ = -1;
  unsigned port_ = 0;
  std::string path_;
  std::vector<u8> out_;
  std::vector<u8> in_ = std::vector<u8>(kInChunk);
  size_t in_pos_ = 0, in_len_ = 0;
  u64 dropped_ = 0;
};

}  // namespace emu
