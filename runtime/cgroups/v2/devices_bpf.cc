#include "runtime/cgroups/v2/devices_bpf.h"

#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "runtime/base/str.h"

namespace hako::cgroups::v2 {

namespace {

// Instruction builders (the encodings of include/uapi/linux/bpf.h and bpf_common.h).
bpf_insn ldx_w(uint8_t dst, uint8_t src, int16_t off) {
  return bpf_insn{BPF_LDX | BPF_MEM | BPF_W, dst, src, off, 0};
}
bpf_insn alu32_imm(uint8_t op, uint8_t dst, int32_t imm) {
  return bpf_insn{static_cast<uint8_t>(BPF_ALU | op | BPF_K), dst, 0, 0, imm};
}
bpf_insn mov32_reg(uint8_t dst, uint8_t src) {
  return bpf_insn{BPF_ALU | BPF_MOV | BPF_X, dst, src, 0, 0};
}
bpf_insn jne_imm(uint8_t dst, int32_t imm, int16_t off) {
  return bpf_insn{BPF_JMP | BPF_JNE | BPF_K, dst, 0, off, imm};
}
bpf_insn jne_reg(uint8_t dst, uint8_t src, int16_t off) {
  return bpf_insn{BPF_JMP | BPF_JNE | BPF_X, dst, src, off, 0};
}
bpf_insn exit_insn() { return bpf_insn{BPF_JMP | BPF_EXIT, 0, 0, 0, 0}; }

int bpf(int cmd, union bpf_attr* attr) {
  return static_cast<int>(::syscall(SYS_bpf, cmd, attr, sizeof(*attr)));
}

uint32_t bpf_access(uint8_t a) {
  uint32_t v = 0;
  if (a & kRead) v |= BPF_DEVCG_ACC_READ;
  if (a & kWrite) v |= BPF_DEVCG_ACC_WRITE;
  if (a & kMknod) v |= BPF_DEVCG_ACC_MKNOD;
  return v;
}

}  // namespace

std::vector<bpf_insn> device_program(const DevicesEmulator& rules) {
  // struct bpf_cgroup_dev_ctx { u32 access_type /* access << 16 | type */; u32 major, minor; }
  std::vector<bpf_insn> p = {
      ldx_w(BPF_REG_2, BPF_REG_1, 0), alu32_imm(BPF_AND, BPF_REG_2, 0xffff),
      ldx_w(BPF_REG_3, BPF_REG_1, 0), alu32_imm(BPF_RSH, BPF_REG_3, 16),
      ldx_w(BPF_REG_4, BPF_REG_1, 4), ldx_w(BPF_REG_5, BPF_REG_1, 8),
  };
  const int32_t verdict = rules.default_allow() ? 0 : 1;  // what a matching exception returns
  for (const DevRule& r : rules.exceptions()) {
    uint32_t acc = bpf_access(r.access);
    bool check_access = r.access != kAllAccess;
    bool check_major = r.major != kWildcard;
    bool check_minor = r.minor != kWildcard;
    // Block length decides the jump distances to the next block (relative to the next insn).
    int16_t len = 1 + (check_access ? 3 : 0) + (check_major ? 1 : 0) + (check_minor ? 1 : 0) + 2;
    int16_t pos = 0;
    auto to_next = [&]() { return static_cast<int16_t>(len - pos - 1); };
    p.push_back(jne_imm(BPF_REG_2, r.type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR, to_next()));
    ++pos;
    if (check_access) {
      // Every requested bit must be granted: (r3 & acc) == r3.
      p.push_back(mov32_reg(BPF_REG_1, BPF_REG_3)), ++pos;
      p.push_back(alu32_imm(BPF_AND, BPF_REG_1, static_cast<int32_t>(acc))), ++pos;
      p.push_back(jne_reg(BPF_REG_1, BPF_REG_3, to_next())), ++pos;
    }
    if (check_major) p.push_back(jne_imm(BPF_REG_4, static_cast<int32_t>(r.major), to_next())), ++pos;
    if (check_minor) p.push_back(jne_imm(BPF_REG_5, static_cast<int32_t>(r.minor), to_next())), ++pos;
    p.push_back(alu32_imm(BPF_MOV, BPF_REG_0, verdict));
    p.push_back(exit_insn());
  }
  p.push_back(alu32_imm(BPF_MOV, BPF_REG_0, rules.default_allow() ? 1 : 0));
  p.push_back(exit_insn());
  return p;
}

Result<UniqueFd> load_device_program(const std::vector<bpf_insn>& insns) {
  static const char kLicense[] = "Apache";
  union bpf_attr attr;
  std::memset(&attr, 0, sizeof attr);
  attr.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  attr.insns = reinterpret_cast<uint64_t>(insns.data());
  attr.insn_cnt = static_cast<uint32_t>(insns.size());
  attr.license = reinterpret_cast<uint64_t>(kLicense);
  std::memcpy(attr.prog_name, "hako_devices", sizeof "hako_devices");
  int fd = bpf(BPF_PROG_LOAD, &attr);
  if (fd < 0) return Error::from_errno(errno, "bpf BPF_PROG_LOAD (device program)");
  return UniqueFd(fd);
}

Status attach_device_program(int cgroup_fd, int prog_fd, bool fresh) {
  std::vector<uint32_t> old_ids;
  if (!fresh) {
    uint32_t ids[64];
    union bpf_attr q;
    std::memset(&q, 0, sizeof q);
    q.query.target_fd = static_cast<uint32_t>(cgroup_fd);
    q.query.attach_type = BPF_CGROUP_DEVICE;
    q.query.prog_ids = reinterpret_cast<uint64_t>(ids);
    q.query.prog_cnt = 64;
    if (bpf(BPF_PROG_QUERY, &q) < 0) return Error::from_errno(errno, "bpf BPF_PROG_QUERY (device programs)");
    old_ids.assign(ids, ids + q.query.prog_cnt);
  }
  union bpf_attr a;
  std::memset(&a, 0, sizeof a);
  a.target_fd = static_cast<uint32_t>(cgroup_fd);
  a.attach_bpf_fd = static_cast<uint32_t>(prog_fd);
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  if (bpf(BPF_PROG_ATTACH, &a) < 0) return Error::from_errno(errno, "bpf BPF_PROG_ATTACH (BPF_CGROUP_DEVICE)");
  // The new program is in place before the old ones go: there is no window without a filter.
  for (uint32_t id : old_ids) {
    union bpf_attr g;
    std::memset(&g, 0, sizeof g);
    g.prog_id = id;
    int old = bpf(BPF_PROG_GET_FD_BY_ID, &g);
    if (old < 0) return Error::from_errno(errno, str_cat("bpf BPF_PROG_GET_FD_BY_ID ", id));
    UniqueFd oldfd(old);
    union bpf_attr d;
    std::memset(&d, 0, sizeof d);
    d.target_fd = static_cast<uint32_t>(cgroup_fd);
    d.attach_bpf_fd = static_cast<uint32_t>(old);
    d.attach_type = BPF_CGROUP_DEVICE;
    if (bpf(BPF_PROG_DETACH, &d) < 0) return Error::from_errno(errno, str_cat("bpf BPF_PROG_DETACH ", id));
  }
  return {};
}

Status apply_devices(int cgroup_fd, const std::vector<spec::DeviceRule>& rules, bool fresh) {
  if (rules.empty()) return {};
  HAKO_ASSIGN_OR_RETURN(DevicesEmulator emu, DevicesEmulator::from_spec(rules));
  auto prog = load_device_program(device_program(emu));
  if (!prog) return std::move(prog).error().context("linux.resources.devices");
  auto st = attach_device_program(cgroup_fd, prog->get(), fresh);
  if (!st) return std::move(st).error().context("linux.resources.devices");
  return {};
}

}  // namespace hako::cgroups::v2
