// emu-trace's subcommands (README "Cycle traces", *emu-trace*), one file each, and the
// command line they share: `emu-trace SUBCOMMAND [options] ARGS...`.
#pragma once
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "emu/common/types.h"

namespace emu::trace::tool {

struct Args {
  std::string command;
  std::vector<std::string> positional;        // trace files (and annotate's FUNCTION first)
  std::map<std::string, std::string> values;  // --name VALUE (the last one given)
  std::vector<std::string> images;            // --image PATH, repeatable
  bool json = false, folded = false;
  bool has(const std::string& name) const { return values.count(name) > 0; }
};

// Each writes to out and returns the exit status; a problem with the input throws UserError.
int summary(const Args& a, std::ostream& out);
int profile(const Args& a, std::ostream& out);
int annotate(const Args& a, std::ostream& out);
int footprint(const Args& a, std::ostream& out);
int timeline(const Args& a, std::ostream& out);
int diff(const Args& a, std::ostream& out);

// JSON string literal, quotes included.
std::string json_string(const std::string& s);
// A number option's value (decimal or 0x hex); throws UserError naming the option.
u64 number_option(const Args& a, const std::string& name, u64 fallback);

}  // namespace emu::trace::tool
