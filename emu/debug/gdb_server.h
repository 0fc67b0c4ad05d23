// `--gdb ADDR`: a GDB remote-protocol server for one machine, and the loop that runs the
// machine under it.
//
// The machine runs in slices of kSlice cycles; between slices the server looks, without
// waiting, for a debugger that connects or for its Ctrl-C. Stopping at a slice's end is
// transparent (Cpu::run), and so are the stops a debugger asks for (breakpoints, steps,
// watchpoints: emu/cpu/debug_hook.h): a run with a debugger gives the same cycle counts and
// output as one without. A debugger that connects stops the machine (as QEMU's `-s` does);
// while it is stopped, simulated time stands still, and the server waits for packets.
// With no breakpoint, watchpoint or step outstanding the CPU runs without the hook, at
// full speed. In a run of several machines in one process (--machines), the debugged
// machine is a MachineNode whose RunWatcher this is: while it is stopped, nothing else in
// the process runs, so the other machines wait for it at the segment's next
// synchronisation point — its simulated time holds the segment's.
//
// A client that goes away (connection closed or broken) is reported in one line and the
// run goes on without it; another may connect later. Packets are never trusted:
// rsp_packet.h bounds them, gdb_commands.h checks every field.
#pragma once
#include <deque>
#include <memory>
#include <string>

#include "emu/cpu/cpu.h"
#include "emu/debug/gdb_commands.h"
#include "emu/debug/rsp_packet.h"
#include "emu/debug/stop_points.h"
#include "emu/machine/machine_node.h"
#include "emu/net/socket_util.h"

namespace emu {
class Machine;
}

namespace emu::debug {

class GdbServer final : public RunWatcher {
 public:
  static constexpr Cycles kSlice = Cycles(1) << 20;

  // ADDR: PORT (TCP on 127.0.0.1), HOST:PORT, or unix:PATH. Listens at once; a bad
  // address or a port in use throws UserError naming --gdb.
  GdbServer(const std::string& addr, Machine& m);
  ~GdbServer();
  // Where it listens, e.g. "tcp:localhost:1234" (port 0 picks a free port: this names it).
  std::string address() const { return listener_->address().text(); }

  // Machine::run under the debugger: the same limits and result. wait_for_client
  // (--gdb-wait): wait for a debugger before the first instruction. Stop::Requested:
  // the debugger killed the run.
  Cpu::Stop run(Cycles cycle_limit, u64 instruction_limit, bool wait_for_client);

  // The same, in pieces, for a machine that something else runs (MachineNode, a linked
  // run): wait_for_client() and hold() before the first instruction with --gdb-wait
  // (hold() false: killed); then around every Machine::run the RunWatcher calls; finish()
  // when its run is over.
  void wait_for_client();
  bool hold();  // serve the stopped machine until it is to run again; false: killed
  void before_run() override;
  bool after_run(Cpu::Stop stop) override;
  void finish(Cpu::Stop stop) override;

 private:
  enum class Served { kResume, kStep, kDetach, kKill };
  void connected(net::Fd fd);
  // Serve packets while stopped, until the debugger resumes, detaches or kills.
  Served serve_stopped();
  // Read what the client sent; wait = block until something comes. false: it went away.
  bool receive(bool wait);
  void send_raw(const std::string& bytes);
  void send_packet(const std::string& payload);
  void drop_client(const std::string& why);
  bool interrupted_while_running();

  Machine& m_;
  std::unique_ptr<net::Listener> listener_;
  net::Fd conn_;
  StopPoints points_;
  std::unique_ptr<GdbCommands> commands_;
  PacketReader reader_;
  std::deque<PacketReader::Event> events_;
  std::string last_sent_;
  Cycles last_look_ = 0;  // when after_run last looked at the socket
};

}  // namespace emu::debug
