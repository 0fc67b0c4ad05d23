// MIPS little-endian ECOFF kernel-image loader; the rules are in ecoff_loader.h. Field
// offsets follow binutils include/coff/ecoff.h and include/coff/mips.h (external_filehdr,
// external_aouthdr, external_scnhdr).
//
// Every offset and size read from the file is untrusted: all arithmetic on them is done in
// 64 bits and checked against the file size before anything is read.
#include "emu/loader/ecoff_loader.h"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "emu/loader/image_file.h"

namespace emu {
namespace {

using image_detail::hex32;
using image_detail::ImageFile;
using image_detail::le16;
using image_detail::le32;
using image_detail::range_text;

// f_magic values (binutils include/coff/mips.h, NetBSD ecoff_machdep.h), as u16 read
// little-endian; the big-endian ones appear byte-swapped.
constexpr u16 kMipselMagic = 0x0162, kMipselMagic2 = 0x0166, kMipselMagic3 = 0x0142;
constexpr u16 kMipsebMagic = 0x0160, kMipsebMagic2 = 0x0163, kMipsebMagic3 = 0x0140;
constexpr u16 swap16(u16 v) { return static_cast<u16>((v >> 8) | (v << 8)); }

// a.out magic numbers (octal, as in every a.out header).
constexpr u16 kOmagic = 0407, kNmagic = 0410, kZmagic = 0413, kLibmagic = 0443;
constexpr u32 kPageSize = 4096;  // ECOFF_LDPGSZ

// external_filehdr (20 bytes).
enum FileHdr : unsigned { kFMagic = 0, kFNscns = 2, kFOpthdr = 16 };
constexpr unsigned kFileHdrSize = 20;
// external_aouthdr for MIPS (56 bytes), at offset 20.
enum AoutHdr : unsigned {
  kAMagic = 0, kAVstamp = 2, kATsize = 4, kADsize = 8, kABsize = 12, kAEntry = 16, kATextStart = 20,
  kADataStart = 24, kABssStart = 28
};
constexpr unsigned kAoutHdrSize = 56;
constexpr unsigned kHeadersSize = kFileHdrSize + kAoutHdrSize;  // ECOFF_HDR_SIZE
// external_scnhdr (40 bytes), after the a.out header.
enum ScnHdr : unsigned { kSName = 0, kSVaddr = 12, kSSize = 16, kSScnptr = 20, kSFlags = 36 };
constexpr unsigned kScnHdrSize = 40;
// s_flags (binutils include/coff/ecoff.h). 0x02000000 marks the extended types (.comment,
// .pdata, ...), which are not loaded.
constexpr u32 STYP_NOLOAD = 0x02, STYP_BSS = 0x80, STYP_SBSS = 0x400, STYP_EXTENDESC = 0x02000000;
constexpr u32 kLoadedKinds = 0x20 | 0x40 | 0x100 | 0x200 | 0x01000000 | 0x04000000 | 0x08000000 | 0x10000000 |
                             0x80000000;  // TEXT DATA RDATA SDATA FINI LITA LIT8 LIT4 INIT

constexpr u32 PF_X = 1, PF_W = 2, PF_R = 4;

u64 round_up(u64 v, u64 to) { return (v + to - 1) / to * to; }

// One of text, data, bss as the a.out header gives it.
struct Region {
  const char* name;
  u32 start = 0;
  u32 size = 0;
  u64 file_offset = 0;  // text and data only
  u64 end() const { return u64(start) + size; }
};

std::string section_name(const u8* sh) {
  std::string n;
  for (unsigned i = 0; i < 8 && sh[kSName + i]; ++i) {
    u8 c = sh[kSName + i];
    n += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
  }
  return n.empty() ? "(unnamed)" : n;
}

void check_file_header(ImageFile& f, const std::vector<u8>& h) {
  if (h.size() < 2) f.fail("not an ECOFF file (" + std::to_string(h.size()) + " bytes)");
  const u16 magic = le16(h.data());
  if (magic == swap16(kMipsebMagic) || magic == swap16(kMipsebMagic2) || magic == swap16(kMipsebMagic3))
    f.fail("big-endian MIPS ECOFF (MIPSEBMAGIC); DECstations run little-endian");
  if (magic == kMipselMagic2 || magic == kMipselMagic3)
    f.fail(std::string("MIPS ") + (magic == kMipselMagic2 ? "II" : "III") + " ECOFF (f_magic " + hex32(magic) +
           "); the R2000/R3000 runs MIPS I code (MIPSELMAGIC 0x0162)");
  if (magic != kMipselMagic) f.fail("not a MIPS ECOFF file (bad magic number)");
  if (h.size() < kFileHdrSize)
    f.fail("truncated header: " + std::to_string(h.size()) + " bytes, shorter than the 20-byte ECOFF file header");
  const u16 opthdr = le16(&h[kFOpthdr]);
  if (opthdr == 0) f.fail("no a.out header (f_opthdr 0): an object file, not an executable; link it first");
  if (opthdr != kAoutHdrSize)
    f.fail("a.out header of " + std::to_string(opthdr) + " bytes (f_opthdr); MIPS ECOFF has 56");
  if (h.size() < kHeadersSize)
    f.fail("truncated header: " + std::to_string(h.size()) +
           " bytes, shorter than the 76-byte ECOFF file and a.out headers");
}

// Where the a.out header puts the text in the file (NetBSD ECOFF_TXTOFF, Linux N_TXTOFF).
u64 rule_text_offset(u16 amagic, u16 vstamp, u16 nscns) {
  if (amagic == kZmagic) return 0;
  return round_up(kHeadersSize + u64(nscns) * kScnHdrSize, vstamp < 23 ? 8 : 16);
}

// Start, size and placement checks of one region (not yet its file offset).
void check_region(ImageFile& f, const Region& r) {
  if (r.end() > (u64(1) << 32))
    f.fail(std::string(r.name) + " " + hex32(r.start) + " size " + hex32(r.size) + " wraps past 0xffffffff");
  // GNU ld, given only -Ttext, puts .MIPS.abiflags and .reginfo at 0x00400000; objcopy
  // counts them as data, which then starts there.
  if (!is_unmapped_kernel_address(r.start))
    f.fail(std::string(r.name) + " at " + hex32(r.start) +
           " is not in kseg0/kseg1; a kernel image must be linked there" +
           (r.name == std::string("data") && r.start < 0x80000000
                ? " (if that is just .MIPS.abiflags/.reginfo, leave them out: objcopy -R .MIPS.abiflags -R .reginfo)"
                : ""));
  u64 seg_end = unmapped_segment_end(r.start);
  if (r.end() > seg_end)
    f.fail(std::string(r.name) + " " + range_text(r.start, r.size) + " runs past the end of " +
           (seg_end == 0xa0000000 ? "kseg0" : "kseg1"));
}

void check_overlaps(ImageFile& f, const std::vector<Region>& regions) {
  for (size_t i = 0; i < regions.size(); ++i)
    for (size_t j = i + 1; j < regions.size(); ++j) {
      const Region &a = regions[i], &b = regions[j];
      u64 pa = kernel_virtual_to_physical(a.start), pb = kernel_virtual_to_physical(b.start);
      if (pa < pb + b.size && pb < pa + a.size)
        f.fail(std::string(a.name) + " " + range_text(a.start, a.size) + " and " + b.name + " " +
               range_text(b.start, b.size) + " overlap in physical memory");
    }
}

// The file offset of `r` according to the section headers that start inside it, if any has
// contents; sections that disagree with each other are refused. A section may run a few
// bytes past the region (binutils counts a segment's size as the sum of its sections',
// without the alignment gaps between them) if those bytes are zero padding or past the end
// of the file: only what the a.out header names is loaded.
std::optional<u64> section_file_offset(ImageFile& f, const Region& r, const std::vector<u8>& sh) {
  constexpr u32 kMaxPadding = 64;
  std::optional<u64> offset;
  std::string first;
  for (u64 p = 0; p < sh.size(); p += kScnHdrSize) {
    const u8* s = &sh[p];
    u32 vaddr = le32(s + kSVaddr), size = le32(s + kSSize), scnptr = le32(s + kSScnptr), flags = le32(s + kSFlags);
    if (scnptr == 0 || size == 0 || (flags & (STYP_NOLOAD | STYP_BSS | STYP_SBSS))) continue;
    if (vaddr < r.start || vaddr >= r.end()) continue;  // not in this region (.comment, .mdebug, ...)
    const std::string name = section_name(s);
    if (scnptr < vaddr - r.start)
      f.fail("section " + name + " at file offset " + hex32(scnptr) + " cannot be " + hex32(vaddr - r.start) +
             " bytes into the " + r.name);
    u64 o = scnptr - u64(vaddr - r.start);
    if (offset && *offset != o)
      f.fail("sections " + first + " and " + name + " disagree about where the " + r.name +
             " lies in the file (offsets " + hex32(*offset) + " and " + hex32(o) + ")");
    if (!offset) first = name;
    offset = o;
    if (u64(vaddr) + size <= r.end()) continue;
    const u64 over = u64(vaddr) + size - r.end(), tail = u64(scnptr) + (r.end() - vaddr);
    const std::string what = "section " + name + " " + range_text(vaddr, size) + " runs past the end of the " +
                             r.name + " " + range_text(r.start, r.size) + " that the a.out header gives";
    if (over > kMaxPadding) f.fail(what);
    // (objcopy may end the file before such padding: only what the file holds is checked)
    const u64 in_file = tail < f.size() ? std::min(over, f.size() - tail) : 0;
    const std::vector<u8> pad = f.read(std::min(tail, f.size()), in_file);
    if (std::any_of(pad.begin(), pad.end(), [](u8 b) { return b != 0; })) f.fail(what + " (and not with padding)");
  }
  return offset;
}

// Every section of a loaded kind with contents must start in the text or the data: binutils
// writes an a.out header that leaves a section out when the data sections are not
// contiguous (e.g. .rodata after the text, .data on the next 64 KiB page).
void check_sections_covered(ImageFile& f, const std::vector<u8>& sh, const Region& text, const Region& data) {
  for (u64 p = 0; p < sh.size(); p += kScnHdrSize) {
    const u8* s = &sh[p];
    u32 vaddr = le32(s + kSVaddr), size = le32(s + kSSize), flags = le32(s + kSFlags);
    if (le32(s + kSScnptr) == 0 || size == 0 || (flags & (STYP_NOLOAD | STYP_EXTENDESC)) || !(flags & kLoadedKinds))
      continue;
    bool covered = false;
    for (const Region* r : {&text, &data}) covered |= vaddr >= r->start && vaddr < r->end();
    if (!covered)
      f.fail("section " + section_name(s) + " " + range_text(vaddr, size) + " is outside the text " +
             range_text(text.start, text.size) + " and the data " + range_text(data.start, data.size) +
             " of the a.out header (binutils writes such headers when the data sections are not contiguous:"
             " link .rodata and .data together)");
  }
}

}  // namespace

bool is_ecoff_magic(const u8* bytes, size_t n) {
  if (n < 2) return false;
  const u16 m = le16(bytes);
  for (u16 known : {kMipselMagic, kMipselMagic2, kMipselMagic3})
    if (m == known) return true;
  for (u16 known : {kMipsebMagic, kMipsebMagic2, kMipsebMagic3})
    if (m == swap16(known)) return true;
  return false;
}

LoadedImage read_ecoff(const std::string& path) {
  ImageFile f(path);
  if (f.size() == 0) f.fail("not an ECOFF file (empty file)");
  const std::vector<u8> h = f.read(0, std::min<u64>(f.size(), kHeadersSize));
  check_file_header(f, h);
  const u8* a = &h[kFileHdrSize];
  const u16 amagic = le16(a + kAMagic), vstamp = le16(a + kAVstamp), nscns = le16(&h[kFNscns]);
  if (amagic == kLibmagic) f.fail("shared library (a.out magic 0443), not a kernel");
  if (amagic != kOmagic && amagic != kNmagic && amagic != kZmagic) {
    char m[8];
    std::snprintf(m, sizeof m, "0%o", amagic);
    f.fail(std::string("unknown a.out magic ") + m + " (expected OMAGIC 0407, NMAGIC 0410 or ZMAGIC 0413)");
  }
  if (!f.contains(kHeadersSize, u64(nscns) * kScnHdrSize))
    f.fail("truncated file: " + std::to_string(nscns) + " section headers at offset " + hex32(kHeadersSize) +
           " extend beyond the end of the file (" + std::to_string(f.size()) + " bytes)");
  const std::vector<u8> sh = f.read(kHeadersSize, u64(nscns) * kScnHdrSize);

  Region text{"text", le32(a + kATextStart), le32(a + kATsize)};
  Region data{"data", le32(a + kADataStart), le32(a + kADsize)};
  Region bss{"bss", le32(a + kABssStart), le32(a + kABsize)};
  if (text.size == 0) f.fail("no text (tsize 0)");
  std::vector<Region> present;
  for (const Region* r : {&text, &data, &bss})
    if (r->size) {
      check_region(f, *r);
      present.push_back(*r);
    }

  // Where the text and data are in the file: the a.out rule, or what the sections agree on.
  text.file_offset = rule_text_offset(amagic, vstamp, nscns);
  data.file_offset = text.file_offset + text.size;
  if (amagic == kZmagic) data.file_offset = round_up(data.file_offset, kPageSize);
  for (Region* r : {&text, &data}) {
    if (r->size == 0) continue;
    std::optional<u64> o = section_file_offset(f, *r, sh);
    // A ZMAGIC header whose text_start is not the address of the file's first byte cannot
    // be mended by an offset: its tsize counts headers that are not in memory there.
    if (o && *o != r->file_offset && amagic == kZmagic)
      f.fail("ZMAGIC image whose sections put the " + std::string(r->name) + " at file offset " + hex32(*o) +
             ", not " + hex32(r->file_offset) + " (binutils' objcopy writes this for a kernel linked on a page"
             " boundary; convert with objcopy --impure, which writes OMAGIC)");
    if (o) r->file_offset = *o;
  }
  check_sections_covered(f, sh, text, data);

  check_overlaps(f, present);

  LoadedImage image;
  image.path = path;
  image.format = "ECOFF";
  image.entry = le32(a + kAEntry);
  if (image.entry < text.start || image.entry >= text.end())
    f.fail("entry point " + hex32(image.entry) + " is outside the text " + range_text(text.start, text.size));
  if (image.entry & 3) f.fail("entry point " + hex32(image.entry) + " is not word-aligned");

  // binutils' objcopy can end the file a few bytes short of the last section it declares
  // (seen: --strip-all, .data 8 bytes at 0x16d8 in a 0x16dc-byte file); up to kMaxShortTail
  // missing bytes at the very end are read as zero, like the alignment padding above.
  constexpr u64 kMaxShortTail = 64;
  auto in_file = [&](const Region& r) {
    return r.file_offset >= f.size() ? 0 : std::min<u64>(r.size, f.size() - r.file_offset);
  };
  for (const Region* r : {&text, &data})
    if (r->size && !f.contains(r->file_offset, r->size) &&
        (r->file_offset > f.size() || r->size - in_file(*r) > kMaxShortTail))
      f.fail("truncated file: the " + std::string(r->name) + " needs bytes " + range_text(r->file_offset, r->size) +
             " but the file is only " + std::to_string(f.size()) + " bytes");

  // Read only now that the layout is sane: text and data are bounded by the file size.
  const struct { const Region* r; u32 flags; bool from_file; } parts[] = {
      {&text, PF_R | PF_X, true}, {&data, PF_R | PF_W, true}, {&bss, PF_R | PF_W, false}};
  for (const auto& p : parts) {
    if (p.r->size == 0) continue;
    ImageSegment s;
    s.vaddr = p.r->start;
    s.paddr = kernel_virtual_to_physical(s.vaddr);
    s.memsz = p.r->size;
    s.flags = p.flags;
    if (p.from_file) {
      s.filesz = p.r->size;
      s.data = f.read(p.r->file_offset, in_file(*p.r));
      s.data.resize(p.r->size, 0);  // a short tail (above) reads as zero
    }
    image.segments.push_back(std::move(s));
  }
  return image;
}

}  // namespace emu
