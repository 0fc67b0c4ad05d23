// What the packets of GDB's remote protocol ask for (GDB manual, "Packets", "General
// Query Packets", "Stop Reply Packets"), carried out on one machine: registers, memory,
// breakpoints and watchpoints, the target description, monitor commands. Framing is
// rsp_packet.h's, the connection and the running gdb_server.h's; this class turns one
// packet's payload into its reply, and says when the machine is to run again.
//
// Only what a debugger stopped at an instruction boundary can do is here: the machine is
// stopped whenever handle() is called.
#pragma once
#include <string>

#include "emu/debug/stop_points.h"

namespace emu {
class Machine;
}

namespace emu::debug {

class GdbCommands {
 public:
  GdbCommands(Machine& m, StopPoints& points) : m_(m), points_(points) {}

  enum class Resume { kNone, kContinue, kStep, kDetach, kKill };
  struct Reply {
    std::string text;   // the reply's payload
    bool send = true;   // false: none is sent (k, and c/s: the stop reply comes later)
    Resume resume = Resume::kNone;
  };
  Reply handle(const std::string& packet);

  // The stop reply for the stop at hand: `signal` (5 SIGTRAP, 2 SIGINT), with the
  // watchpoint that fired if the StopPoints say so. Kept for '?'.
  std::string stop_reply(int signal);
  static std::string exit_reply(int status);
  // The client asked for QStartNoAckMode.
  bool no_ack() const { return no_ack_; }

 private:
  std::string read_registers();
  std::string write_registers(const std::string& hex);
  std::string read_memory(const std::string& args);
  std::string write_memory(const std::string& args, bool binary);
  std::string stop_point(const std::string& packet, bool insert);
  std::string query(const std::string& packet);
  Reply resume(const std::string& packet);

  Machine& m_;
  StopPoints& points_;
  std::string last_stop_ = "S05";
  bool no_ack_ = false;
};

}  // namespace emu::debug
