#include "runtime/seccomp/stitch.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <seccomp.h>

#include <cerrno>
#include <cstddef>
#include <optional>

#include "runtime/base/str.h"

namespace hako::seccomp::internal {
namespace {

constexpr uint32_t kOffsetNr = 0;         // offsetof(struct seccomp_data, nr)
constexpr uint32_t kOffsetArch = 4;       // offsetof(struct seccomp_data, arch)
constexpr uint32_t kX32Bit = 0x40000000;  // __X32_SYSCALL_BIT

// A forward-only BPF assembler with labels. Conditional jumps reach 255 instructions; the
// dispatcher keeps those short and uses `ja` (32-bit offset) to reach the programs.
class Assembler {
 public:
  using Label = int;
  static constexpr Label kNext = -1;

  Label label() {
    at_.push_back(-1);
    return static_cast<Label>(at_.size() - 1);
  }
  void bind(Label l) { at_[l] = static_cast<ptrdiff_t>(out_.size()); }
  void load(uint32_t offset) { emit(BPF_LD | BPF_W | BPF_ABS, offset); }
  void ret(uint32_t k) { emit(BPF_RET | BPF_K, k); }
  void jump(Label to) {
    fix_.push_back({out_.size(), kNext, kNext, to});
    emit(BPF_JMP | BPF_JA, 0);
  }
  void branch(uint16_t op, uint32_t k, Label jt, Label jf) {
    fix_.push_back({out_.size(), jt, jf, kNext});
    emit(BPF_JMP | op | BPF_K, k);
  }
  void append(std::span<const sock_filter> p) { out_.insert(out_.end(), p.begin(), p.end()); }

  Result<std::vector<sock_filter>> finish() && {
    for (const Fixup& f : fix_) {
      sock_filter& in = out_[f.at];
      if (f.ja != kNext) {
        HAKO_ASSIGN_OR_RETURN(size_t d, distance(f.at, f.ja, UINT32_MAX));
        in.k = static_cast<uint32_t>(d);
        continue;
      }
      HAKO_ASSIGN_OR_RETURN(size_t jt, distance(f.at, f.jt, 255));
      HAKO_ASSIGN_OR_RETURN(size_t jf, distance(f.at, f.jf, 255));
      in.jt = static_cast<uint8_t>(jt);
      in.jf = static_cast<uint8_t>(jf);
    }
    return std::move(out_);
  }

 private:
  struct Fixup {
    size_t at;
    Label jt, jf, ja;
  };
  void emit(uint16_t code, uint32_t k) { out_.push_back(sock_filter{code, 0, 0, k}); }
  Result<size_t> distance(size_t from, Label to, size_t max) const {
    if (to == kNext) return size_t{0};
    ptrdiff_t d = at_[to] - static_cast<ptrdiff_t>(from) - 1;
    if (at_[to] < 0 || d < 0 || static_cast<size_t>(d) > max)
      return Error::with_code(E2BIG, "seccomp dispatcher: jump out of range");
    return static_cast<size_t>(d);
  }
  std::vector<sock_filter> out_;
  std::vector<ptrdiff_t> at_;
  std::vector<Fixup> fix_;
};

// Programs sharing one AUDIT_ARCH_* value. Only x86_64 has two: x32 syscalls arrive with
// AUDIT_ARCH_X86_64 and __X32_SYSCALL_BIT set in the number (libseccomp splits on nr >= bit).
struct Group {
  uint32_t audit = 0;
  std::optional<size_t> low, high;  // program index for nr < kX32Bit / nr >= kX32Bit
  bool split = false;
};

std::vector<Group> group_programs(const Translation& t) {
  std::vector<Group> groups;
  for (size_t i = 0; i < t.programs.size(); ++i) {
    uint32_t token = t.programs[i].token;
    bool x32 = token == SCMP_ARCH_X32;
    uint32_t audit = x32 ? AUDIT_ARCH_X86_64 : token;  // other tokens are AUDIT_ARCH_* values
    Group* g = nullptr;
    for (auto& e : groups)
      if (e.audit == audit) g = &e;
    if (!g) {
      groups.push_back(Group{audit, {}, {}, audit == AUDIT_ARCH_X86_64});
      g = &groups.back();
    }
    (x32 ? g->high : g->low) = i;
  }
  return groups;
}

struct Emitter {
  const Translation& t;
  bool stub;
  Assembler a;
  std::vector<Assembler::Label> prog;  // entry label of each program
  Assembler::Label enosys;

  // Accumulator holds nr. Jumps to program `idx` (or `other` when absent), after the
  // -ENOSYS check for that program's architecture.
  void half(std::optional<size_t> idx, std::optional<size_t> other) {
    if (!idx) {
      a.jump(prog[*other]);
      return;
    }
    const ArchProgram& p = t.programs[*idx];
    if (stub && p.max_syscall >= 0) {
      // s390(x): unknown large syscall numbers arrive as syscall 0 (the multiplexer).
      if (p.token == SCMP_ARCH_S390 || p.token == SCMP_ARCH_S390X)
        a.branch(BPF_JEQ, 0, enosys, Assembler::kNext);
      a.branch(BPF_JGT, static_cast<uint32_t>(p.max_syscall), enosys, Assembler::kNext);
    }
    a.jump(prog[*idx]);
  }

  void group(const Group& g) {
    if (!g.split) {
      if (stub) a.load(kOffsetNr);
      half(g.low, g.high);
      return;
    }
    Assembler::Label high = a.label();
    a.load(kOffsetNr);
    a.branch(BPF_JGE, kX32Bit, high, Assembler::kNext);
    half(g.low, g.high);
    a.bind(high);
    half(g.high, g.low);
  }
};

}  // namespace

Status check_self_contained(std::span<const sock_filter> p) {
  if (p.empty() || BPF_CLASS(p.back().code) != BPF_RET)
    return Error::with_code(EINVAL, "libseccomp program does not end in a return");
  for (size_t i = 0; i < p.size(); ++i) {
    if (BPF_CLASS(p[i].code) != BPF_JMP) continue;
    size_t rest = p.size() - i - 1;
    bool ok = BPF_OP(p[i].code) == BPF_JA ? p[i].k < rest : p[i].jt < rest && p[i].jf < rest;
    if (!ok) return Error::with_code(EINVAL, str_cat("libseccomp program jumps out at ", i));
  }
  return {};
}

Result<std::vector<sock_filter>> stitch(const Translation& t) {
  for (const auto& p : t.programs) HAKO_TRY(check_self_contained(p.insns));
  bool stub = wants_enosys_stub(t.default_action);
  if (t.programs.size() == 1 && !stub) return t.programs[0].insns;

  Emitter e{t, stub, {}, {}, 0};
  for (size_t i = 0; i < t.programs.size(); ++i) e.prog.push_back(e.a.label());
  e.enosys = e.a.label();
  std::vector<Group> groups = group_programs(t);
  std::vector<Assembler::Label> entry;
  e.a.load(kOffsetArch);
  for (const Group& g : groups) {
    entry.push_back(e.a.label());
    Assembler::Label skip = e.a.label();
    e.a.branch(BPF_JEQ, g.audit, Assembler::kNext, skip);
    e.a.jump(entry.back());
    e.a.bind(skip);
  }
  e.a.ret(t.badarch_action);
  for (size_t i = 0; i < groups.size(); ++i) {
    e.a.bind(entry[i]);
    e.group(groups[i]);
  }
  e.a.bind(e.enosys);
  e.a.ret(SECCOMP_RET_ERRNO | ENOSYS);
  for (size_t i = 0; i < t.programs.size(); ++i) {
    e.a.bind(e.prog[i]);
    e.a.append(t.programs[i].insns);
  }
  return std::move(e.a).finish();
}

}  // namespace hako::seccomp::internal
