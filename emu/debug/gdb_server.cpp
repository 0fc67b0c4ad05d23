#include "emu/debug/gdb_server.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "emu/common/error.h"
#include "emu/common/number.h"
#include "emu/machine/machine.h"

namespace emu::debug {

namespace {

constexpr int kSigTrap = 5, kSigInt = 2;
constexpr std::chrono::seconds kSendTimeout{10};

std::string without_link_prefix(const std::string& s) { return s.rfind("link ", 0) == 0 ? s.substr(5) : s; }

}  // namespace

GdbServer::GdbServer(const std::string& addr, Machine& m) : m_(m), points_(m.cpu()) {
  if (addr.empty()) throw UserError("--gdb: empty address (want PORT, HOST:PORT or unix:PATH)");
  // A bare number is a TCP port on loopback; socket_util would read it as a file name.
  const bool port_only = addr.find_first_not_of("0123456789") == std::string::npos;
  if (port_only && !parse_number(addr, 0, 65535))
    throw UserError("--gdb: port '" + printable(addr) + "' should be 0-65535");
  try {
    listener_ = std::make_unique<net::Listener>(net::parse_socket_address(port_only ? ":" + addr : addr));
  } catch (const net::NetError& e) {
    throw UserError("--gdb: " + without_link_prefix(e.what()));
  }
  commands_ = std::make_unique<GdbCommands>(m_, points_);
  std::fprintf(stderr, "emu: --gdb: listening on %s\n", address().c_str());
}

GdbServer::~GdbServer() { m_.cpu().set_debug_hook(nullptr); }

void GdbServer::connected(net::Fd fd) {
  conn_ = std::move(fd);
  reader_ = PacketReader();
  events_.clear();
  points_.clear();
  commands_ = std::make_unique<GdbCommands>(m_, points_);
  commands_->stop_reply(kSigTrap);  // what '?' answers: stopped where it is
}

void GdbServer::drop_client(const std::string& why) {
  if (!conn_) return;
  std::fprintf(stderr, "emu: --gdb: %s; the run goes on without a debugger\n", why.c_str());
  conn_.reset();
  points_.clear();
  m_.cpu().set_debug_hook(nullptr);
}

void GdbServer::send_raw(const std::string& bytes) {
  if (!conn_) return;
  try {
    net::write_all(conn_.get(), bytes.data(), bytes.size(), net::Clock::now() + kSendTimeout, "the debugger");
  } catch (const net::NetError& e) {
    drop_client("the debugger went away (" + without_link_prefix(e.what()) + ")");
  }
}

void GdbServer::send_packet(const std::string& payload) {
  last_sent_ = frame_packet(payload);
  send_raw(last_sent_);
}

bool GdbServer::receive(bool wait) {
  char buf[4096];
  for (;;) {
    pollfd p{conn_.get(), POLLIN, 0};
    const int n = ::poll(&p, 1, wait ? -1 : 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) return true;
    const ssize_t got = ::read(conn_.get(), buf, sizeof buf);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got <= 0) {
      drop_client(got == 0 ? "the debugger went away (it closed the connection)"
                           : std::string("the debugger went away (") + std::strerror(errno) + ")");
      return false;
    }
    std::vector<PacketReader::Event> ev;
    reader_.feed(buf, size_t(got), ev);
    for (auto& e : ev) events_.push_back(std::move(e));
    return true;
  }
}

GdbServer::Served GdbServer::serve_stopped() {
  using Kind = PacketReader::Event::Kind;
  while (conn_) {
    if (events_.empty()) {
      if (!receive(true)) break;
      continue;
    }
    PacketReader::Event e = std::move(events_.front());
    events_.pop_front();
    switch (e.kind) {
      case Kind::kAck:
      case Kind::kInterrupt: break;  // already stopped
      case Kind::kNak: send_raw(last_sent_); break;
      case Kind::kBadChecksum: send_raw("-"); break;
      case Kind::kOversized:
        std::fprintf(stderr, "emu: --gdb: refused a packet longer than %zu bytes\n", PacketReader::kMaxPacket);
        if (!commands_->no_ack()) send_raw("+");
        send_packet("E01");
        break;
      case Kind::kPacket: {
        if (!commands_->no_ack()) send_raw("+");
        const GdbCommands::Reply r = commands_->handle(e.payload);
        if (r.send) send_packet(r.text);
        switch (r.resume) {
          case GdbCommands::Resume::kNone: break;
          case GdbCommands::Resume::kContinue: return Served::kResume;
          case GdbCommands::Resume::kStep: return Served::kStep;
          case GdbCommands::Resume::kDetach: return Served::kDetach;
          case GdbCommands::Resume::kKill: return Served::kKill;
        }
        break;
      }
    }
  }
  return Served::kDetach;  // the client went away
}

// While the machine runs: a Ctrl-C (anything else is out of turn and dropped).
bool GdbServer::interrupted_while_running() {
  if (!receive(false)) return false;
  bool stop = false;
  while (!events_.empty()) {
    if (events_.front().kind == PacketReader::Event::Kind::kInterrupt) stop = true;
    events_.pop_front();
  }
  return stop;
}

void GdbServer::wait_for_client() {
  std::fprintf(stderr, "emu: --gdb-wait: waiting for a debugger on %s before the first instruction\n",
               address().c_str());
  try {
    connected(listener_->accept(net::Clock::time_point::max()));
  } catch (const net::NetError& e) {
    throw EmulatorError("--gdb: " + without_link_prefix(e.what()));
  }
}

bool GdbServer::hold() {
  const Served s = serve_stopped();
  if (s == Served::kKill) {
    std::fprintf(stderr, "emu: --gdb: the debugger ended the run (kill)\n");
    conn_.reset();
    m_.cpu().set_debug_hook(nullptr);
    return false;
  }
  if (s == Served::kDetach && conn_) {
    conn_.reset();
    points_.clear();
  }
  points_.set_stepping(s == Served::kStep);
  m_.cpu().debug_let_through();  // a step after Ctrl-C runs one instruction, too
  return true;
}

void GdbServer::before_run() { m_.cpu().set_debug_hook(conn_ && !points_.idle() ? &points_ : nullptr); }

bool GdbServer::after_run(Cpu::Stop stop) {
  Cpu& cpu = m_.cpu();
  if (stop == Cpu::Stop::Debug) {
    points_.set_stepping(false);
    send_packet(commands_->stop_reply(kSigTrap));
    return !conn_ || hold();
  }
  // Look at the socket once per kSlice cycles at most: a linked run returns here often.
  if (cpu.cycles() - last_look_ < kSlice) return true;
  last_look_ = cpu.cycles();
  if (!conn_) {
    net::Fd fd = listener_->accept_ready();
    if (!fd) return true;
    connected(std::move(fd));
    return hold();
  }
  if (!interrupted_while_running()) return true;
  send_packet(commands_->stop_reply(kSigInt));
  return !conn_ || hold();
}

void GdbServer::finish(Cpu::Stop stop) {
  Cpu& cpu = m_.cpu();
  cpu.set_debug_hook(nullptr);
  if (conn_) {
    send_packet(GdbCommands::exit_reply(stop == Cpu::Stop::Halted ? cpu.exit_status() : 4));
    conn_.reset();
  }
}

Cpu::Stop GdbServer::run(Cycles cycle_limit, u64 instruction_limit, bool wait) {
  Cpu& cpu = m_.cpu();
  if (wait) {
    wait_for_client();
    if (!hold()) return Cpu::Stop::Requested;
  }
  for (;;) {
    before_run();
    const Cycles now = cpu.cycles();
    const Cycles end = cycle_limit > now && cycle_limit - now > kSlice ? now + kSlice : cycle_limit;
    const Cpu::Stop stop = m_.run(end, instruction_limit);
    if (stop == Cpu::Stop::Debug || (stop == Cpu::Stop::Cycles && cpu.cycles() < cycle_limit)) {
      if (!after_run(stop)) return Cpu::Stop::Requested;
      continue;
    }
    finish(stop);  // the run is over: the debugger hears how it ended
    return stop;
  }
}

}  // namespace emu::debug
