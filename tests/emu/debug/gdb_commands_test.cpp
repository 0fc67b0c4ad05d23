// The protocol's commands (emu/debug/gdb_commands.h) on a machine: registers, memory by
// virtual address without side effects, breakpoints and watchpoints, the target
// description, monitor commands, and refusals of malformed packets.
#include "debug_fixture.h"

#include "emu/debug/gdb_commands.h"
#include "emu/debug/registers.h"
#include "emu/debug/rsp_packet.h"

using namespace emu;
using namespace emu::debug;

namespace {

struct Session {
  Machine m{test::gdb_target_options()};
  StopPoints points{m.cpu()};
  GdbCommands cmd{m, points};
  std::string ask(const std::string& p) { return cmd.handle(p).text; }
};

std::string hex_text(const std::string& hex) {
  std::string s;
  REQUIRE(hex_to_bytes(hex, s));
  return s;
}

}  // namespace

TEST_CASE("gdb commands: registers", "[debug][gdb]") {
  Session s;
  const std::string g = s.ask("g");
  CHECK(g.size() == register_count() * 8);
  CHECK(g.substr(37 * 8, 8) == "0000c0bf");  // pc: the reset vector
  CHECK(s.ask("p25") == "0000c0bf");
  CHECK(s.ask("P4=78563412") == "OK");
  CHECK(s.m.cpu().gpr(4) == 0x12345678);
  CHECK(s.ask("p4") == "78563412");
  CHECK(s.ask("P0=78563412") == "OK");  // $zero stays zero
  CHECK(s.ask("p0") == "00000000");
  CHECK(s.ask("P22=00010380") == "OK");  // hi
  CHECK(s.m.cpu().hi() == 0x80030100);
  CHECK(s.ask("P25=30010380") == "OK");
  CHECK(s.m.cpu().pc() == 0x80030130);
  CHECK(s.ask("p48") == "00000000");  // epc (72)
  CHECK(s.ask("p1000") == "E01");
  CHECK(s.ask("Pzz=0") == "E01");
  CHECK(s.ask("P4=123") == "E01");
  CHECK(s.ask("G" + g) == "OK");
  CHECK(s.m.cpu().pc() == 0xbfc00000);
  CHECK(s.ask("G123") == "E01");
}

TEST_CASE("gdb commands: memory reads translate like the CPU and change nothing", "[debug][gdb]") {
  Session s;
  const u32 add = test::symbol(s.m, "gdb_add");
  const std::string before = test::stats_text(s.m);
  const u64 tlb_generation = s.m.cpu().tlb().generation();
  char req[32];
  std::snprintf(req, sizeof req, "m%x,8", add);
  CHECK(s.ask(req) == "0300a014" "21108500");  // bne a1,zero,...; addu v0,a0,a1
  std::snprintf(req, sizeof req, "mffffffff%x,4", add);  // sign-extended, as a 64-bit GDB sends
  CHECK(s.ask(req) == "0300a014");
  std::snprintf(req, sizeof req, "m%x,4", add | 0x20000000u);  // the same through kseg1
  CHECK(s.ask(req) == "0300a014");
  CHECK(s.ask("mbfc00000,4").size() == 8);  // the boot ROM
  CHECK(s.ask("m1000,4") == "E14");        // kuseg: no TLB entry
  CHECK(s.ask("mbc000000,4") == "E14");    // KN01 DZ registers: a device is not read
  CHECK(s.ask("m1,") == "E01");
  CHECK(s.ask("mzz,4") == "E01");
  CHECK(s.ask("m123456789,4") == "E01");   // neither 32 bits nor a sign extension
  CHECK(s.ask("m80030130,100000").size() <= PacketReader::kMaxPacket);  // answered short
  CHECK(test::stats_text(s.m) == before);
  CHECK(s.m.cpu().tlb().generation() == tlb_generation);
}

TEST_CASE("gdb commands: memory writes reach RAM and the decoded code, not ROM", "[debug][gdb]") {
  Session s;
  CHECK(s.ask("M80100000,4:efbeadde") == "OK");
  CHECK(s.ask("m80100000,4") == "efbeadde");
  CHECK(s.ask("Xa0100004,2:#$") == "OK");  // binary '#' '$' (rsp_packet.h has removed the escapes)
  CHECK(s.ask("m80100004,2") == "2324");
  CHECK(s.ask("Mbfc00000,4:00000000") == "E14");
  CHECK(s.ask("M80100000,4:efbead") == "E01");
  CHECK(s.ask("M80100000,4") == "E01");
}

TEST_CASE("gdb commands: breakpoints and watchpoints", "[debug][gdb]") {
  Session s;
  CHECK(s.ask("Z0,80030130,4") == "OK");
  CHECK(s.ask("Z1,80030134,4") == "OK");
  CHECK_FALSE(s.points.idle());
  CHECK(s.ask("z0,80030130,4") == "OK");
  CHECK(s.ask("z1,80030134,4") == "OK");
  CHECK(s.points.idle());
  CHECK(s.ask("Z2,800317dc,4") == "OK");
  CHECK(s.ask("Z3,800317dc,4") == "OK");
  CHECK(s.ask("Z4,800317dc,4") == "OK");
  CHECK(s.ask("z2,800317dc,4") == "OK");
  CHECK(s.ask("z3,800317dc,4") == "OK");
  CHECK(s.ask("z4,800317dc,4") == "OK");
  CHECK(s.points.idle());
  CHECK(s.ask("Z5,80030130,4") == "");  // not supported
  CHECK(s.ask("Z0") == "E01");
  CHECK(s.ask("Z0,zz,4") == "E01");
  CHECK(s.ask("Z0,80030130,4;X1,0") == "OK");  // conditions are ignored, the breakpoint stays
}

TEST_CASE("gdb commands: resuming, detaching, killing", "[debug][gdb]") {
  Session s;
  CHECK(s.cmd.handle("c").resume == GdbCommands::Resume::kContinue);
  CHECK_FALSE(s.cmd.handle("c").send);
  CHECK(s.cmd.handle("s").resume == GdbCommands::Resume::kStep);
  CHECK(s.cmd.handle("vCont;s:1").resume == GdbCommands::Resume::kStep);
  CHECK(s.cmd.handle("vCont;c").resume == GdbCommands::Resume::kContinue);
  CHECK(s.cmd.handle("C05").resume == GdbCommands::Resume::kContinue);
  CHECK(s.cmd.handle("c80030130").resume == GdbCommands::Resume::kContinue);
  CHECK(s.m.cpu().pc() == 0x80030130);
  CHECK(s.cmd.handle("czz").text == "E01");
  CHECK(s.cmd.handle("vCont;x").text == "E01");
  CHECK(s.cmd.handle("D").resume == GdbCommands::Resume::kDetach);
  CHECK(s.cmd.handle("k").resume == GdbCommands::Resume::kKill);
  CHECK(s.ask("vCont?") == "vCont;c;C;s;S");
}

TEST_CASE("gdb commands: queries, the target description, monitor", "[debug][gdb]") {
  Session s;
  CHECK(s.ask("qSupported:multiprocess+;swbreak+").find("qXfer:features:read+") != std::string::npos);
  std::string xml;
  for (u32 off = 0;;) {
    char req[64];
    std::snprintf(req, sizeof req, "qXfer:features:read:target.xml:%x,200", off);
    const std::string r = s.ask(req);
    REQUIRE(!r.empty());
    xml += r.substr(1);
    off += u32(r.size() - 1);
    if (r[0] == 'l') break;
    REQUIRE(r[0] == 'm');
  }
  CHECK(xml == target_xml());
  CHECK(xml.find("org.gnu.gdb.mips.cp0") != std::string::npos);
  CHECK(xml.find("name=\"epc\"") != std::string::npos);
  CHECK(s.ask("qXfer:features:read:other.xml:0,10") == "E00");
  CHECK(s.ask("qXfer:features:read:target.xml:zz") == "E01");
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("cycles")))).rfind("cycles 0, instructions 0", 0) == 0);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("help")))).find("tlb") != std::string::npos);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("cache 0x30130")))).find("I-cache line") != std::string::npos);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("phys 0x1fc00000 4")))).rfind("0x1fc00000:", 0) == 0);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("phys 0x1c000000")))).find("device") != std::string::npos);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("stats")))).find("\"cycles\"") != std::string::npos);
  CHECK(hex_text(s.ask("qRcmd," + to_hex(std::string_view("phys 0 99999")))).find("not a command") != std::string::npos);
  CHECK(s.ask("qRcmd,zz") == "E01");
  CHECK(s.ask("QStartNoAckMode") == "OK");
  CHECK(s.cmd.no_ack());
  CHECK(s.ask("qAttached") == "1");
  CHECK(s.ask("qUnknownThing") == "");
  CHECK(s.ask("\x01\xff") == "");
  CHECK(s.ask("") == "");
  CHECK(GdbCommands::exit_reply(4) == "W04");
  CHECK(s.cmd.stop_reply(2).rfind("T02", 0) == 0);
  CHECK(s.ask("?").rfind("T02", 0) == 0);
}
