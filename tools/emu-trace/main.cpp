// emu-trace: answers from a cycle trace that `emu --trace` wrote (README "Cycle traces").
// Exit status: 0 done (diff: the traces are identical), 1 diff found a difference, 2 a bad
// command line or a file that is not a readable trace (one line on stderr), 3 an internal
// error.
#include <cstdio>
#include <cstring>
#include <iostream>
#include <set>
#include <sstream>

#include "emu/common/error.h"
#include "emu/common/number.h"
#include "tools/emu-trace/commands.h"

namespace emu::trace::tool {
namespace {

const char* const kUsage =
    "usage: emu-trace SUBCOMMAND [options] TRACE...\n"
    "  summary [--json] [--region N] TRACE...\n"
    "                                     instructions, cycles by cause, exceptions, misses, per machine and task;\n"
    "                                     --region: only in guest region N's intervals (all machines, one time axis)\n"
    "  profile [--json|--folded] [--region N [--region-from TRACE]] TRACE\n"
    "                                     cycles per function, flat and inclusive, causes split out\n"
    "  annotate FUNCTION TRACE            disassembly with executions, cycles and misses per instruction\n"
    "  footprint [--json] [--region N | --from marker:N --to marker:N] [--line BYTES] TRACE\n"
    "                                     distinct I- and D-cache lines and pages touched\n"
    "  timeline TRACE...                  Chrome trace-event JSON (Perfetto, chrome://tracing)\n"
    "  diff A B                           the first point where two traces diverge (exit 1), or 'identical'\n"
    "  every subcommand: --image PATH     an ELF/ECOFF image for symbols and instruction words\n";

struct Spec {
  int (*run)(const Args&, std::ostream&);
  size_t min_pos, max_pos;
  std::set<std::string> flags, valued;
};

const std::map<std::string, Spec>& specs() {
  static const std::map<std::string, Spec> s = {
      {"summary", {summary, 1, 64, {"json"}, {"region"}}},
      {"profile", {profile, 1, 1, {"json", "folded"}, {"region", "region-from"}}},
      {"annotate", {annotate, 2, 2, {"json"}, {}}},
      {"footprint", {footprint, 1, 1, {"json"}, {"region", "from", "to", "line"}}},
      {"timeline", {timeline, 1, 64, {}, {}}},
      {"diff", {diff, 2, 2, {}, {}}},
  };
  return s;
}

Args parse(int argc, char** argv, const Spec*& spec) {
  if (argc < 2) throw UserError(std::string("no subcommand (summary, profile, annotate, footprint, timeline, diff); --help shows usage"));
  Args a;
  a.command = argv[1];
  auto it = specs().find(a.command);
  if (it == specs().end())
    throw UserError("unknown subcommand '" + printable(a.command) + "' (summary, profile, annotate, footprint, timeline, diff)");
  spec = &it->second;
  for (int i = 2; i < argc; ++i) {
    std::string w = argv[i];
    if (w.size() > 2 && w.compare(0, 2, "--") == 0) {
      std::string name = w.substr(2), value;
      bool has_value = false;
      if (auto eq = name.find('='); eq != std::string::npos) value = name.substr(eq + 1), name.resize(eq), has_value = true;
      if (spec->flags.count(name)) {
        if (has_value) throw UserError("--" + printable(name) + " takes no value");
        (name == "json" ? a.json : a.folded) = true;
        continue;
      }
      if (name != "image" && !spec->valued.count(name))
        throw UserError(a.command + ": unknown option '--" + printable(name) + "'");
      if (!has_value) {
        if (i + 1 >= argc) throw UserError("--" + name + " needs a value");
        value = argv[++i];
      }
      if (name == "image")
        a.images.push_back(value);
      else
        a.values[name] = value;
    } else {
      a.positional.push_back(w);
    }
  }
  if (a.positional.size() < spec->min_pos || a.positional.size() > spec->max_pos) {
    std::ostringstream m;
    m << a.command << ": expected " << spec->min_pos;
    if (spec->max_pos != spec->min_pos) m << (spec->max_pos > spec->min_pos + 1 ? " or more" : " or " + std::to_string(spec->max_pos));
    m << (a.command == "annotate" ? " arguments (FUNCTION TRACE)" : " trace file(s)") << ", got " << a.positional.size();
    throw UserError(m.str());
  }
  if (a.json && a.folded) throw UserError("profile: --json and --folded exclude each other");
  return a;
}

}  // namespace

std::string json_string(const std::string& s) {
  std::string o = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      o += '\\', o += char(c);
    } else if (c < 0x20 || c >= 0x7f) {  // names are ASCII; anything else is escaped
      char b[8];
      std::snprintf(b, sizeof b, "\\u%04x", c);
      o += b;
    } else {
      o += char(c);
    }
  }
  return o + "\"";
}

u64 number_option(const Args& a, const std::string& name, u64 fallback) {
  auto it = a.values.find(name);
  if (it == a.values.end()) return fallback;
  return parse_number_or_throw(it->second, 0, ~u64(0), ("--" + name).c_str(), Radix::DecimalOrHex);
}

}  // namespace emu::trace::tool

int main(int argc, char** argv) {
  using namespace emu;
  using namespace emu::trace::tool;
  if (argc == 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h"))) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  try {
    const Spec* spec = nullptr;
    Args a = parse(argc, argv, spec);
    std::ostringstream out;  // nothing on stdout from a run that fails half-way
    int status = spec->run(a, out);
    std::cout << out.str() << std::flush;
    return std::cout ? status : 3;
  } catch (const UserError& e) {
    std::fprintf(stderr, "emu-trace: %s\n", printable(e.what()).c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "emu-trace: out of host memory\n");
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "emu-trace: internal error: %s\n", printable(e.what()).c_str());
    return 3;
  }
}
