#include "runtime/seccomp/cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "runtime/base/dir.h"
#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "runtime/base/unique_fd.h"

namespace hako::seccomp {
namespace internal {
namespace {

constexpr char kMagic[8] = {'H', 'A', 'K', 'O', 'B', 'P', 'F', '1'};
constexpr uint32_t kEntryVersion = 1;
constexpr size_t kMaxSkippedBytes = 64 << 10;
constexpr time_t kStaleTempSeconds = 600;
constexpr std::string_view kTempPrefix = ".tmp-";

// Host-endian: an entry is only ever read on the machine that wrote it (the key has `machine`).
struct Header {
  char magic[8];
  uint32_t version;
  uint32_t flags;
  uint32_t needs_listener;
  uint32_t insn_count;
  uint32_t skipped_bytes;
  uint32_t reserved;
  uint8_t key[32];
};
static_assert(sizeof(Header) == 64);

struct Counters {
  std::atomic<uint64_t> hits, misses, corrupt, stores, store_errors, evicted;
};
Counters g_counters;

bool is_entry_name(std::string_view n) {
  return n.size() == 64 && n.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

// Removes stale temp files and, beyond `max_entries`, the least recently used entries.
void evict(const std::string& dir, size_t max_entries) {
  auto d = Dir::open(dir);
  if (!d) return;
  struct Entry {
    std::string name;
    struct timespec atime;
  };
  std::vector<Entry> entries;
  time_t now = ::time(nullptr);
  for (const struct dirent& e : *d) {
    std::string_view n = e.d_name;
    bool temp = n.substr(0, kTempPrefix.size()) == kTempPrefix;
    if (!temp && !is_entry_name(n)) continue;
    struct stat st;
    if (::fstatat(d->fd(), e.d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) continue;
    if (temp) {
      if (now - st.st_mtime > kStaleTempSeconds) ::unlinkat(d->fd(), e.d_name, 0);
      continue;
    }
    entries.push_back({std::string(n), st.st_atim});
  }
  if (entries.size() > max_entries) {
    auto older = [](const Entry& a, const Entry& b) {
      return a.atime.tv_sec != b.atime.tv_sec ? a.atime.tv_sec < b.atime.tv_sec
                                              : a.atime.tv_nsec < b.atime.tv_nsec;
    };
    std::sort(entries.begin(), entries.end(), older);
    for (size_t i = 0; i < entries.size() - max_entries; ++i)
      if (::unlinkat(d->fd(), entries[i].name.c_str(), 0) == 0) ++g_counters.evicted;
  }
}

}  // namespace

std::string encode_entry(const Digest& key, const Program& p) {
  std::string skipped;
  for (const auto& n : p.skipped_syscalls) {
    if (skipped.size() + n.size() + 1 > kMaxSkippedBytes) break;
    skipped.append(n).push_back('\0');
  }
  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kEntryVersion;
  h.flags = p.flags;
  h.needs_listener = p.needs_listener;
  h.insn_count = static_cast<uint32_t>(p.filter.size());
  h.skipped_bytes = static_cast<uint32_t>(skipped.size());
  std::memcpy(h.key, key.data(), key.size());
  std::string out(reinterpret_cast<const char*>(&h), sizeof h);
  out.append(reinterpret_cast<const char*>(p.filter.data()), p.filter.size() * sizeof(sock_filter));
  out.append(skipped);
  Digest sum = sha256(out);
  out.append(reinterpret_cast<const char*>(sum.data()), sum.size());
  return out;
}

bool decode_entry(std::string_view data, const Digest& key, Program& out) {
  Header h;
  if (data.size() < sizeof h + sizeof(Digest)) return false;
  std::memcpy(&h, data.data(), sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.version != kEntryVersion ||
      std::memcmp(h.key, key.data(), key.size()) != 0 || h.insn_count == 0 ||
      h.insn_count > BPF_MAXINSNS || h.skipped_bytes > kMaxSkippedBytes || h.needs_listener > 1)
    return false;
  size_t insn_bytes = size_t{h.insn_count} * sizeof(sock_filter);
  size_t body = sizeof h + insn_bytes + h.skipped_bytes;
  if (data.size() != body + sizeof(Digest)) return false;
  Digest sum = sha256(data.substr(0, body));
  if (std::memcmp(sum.data(), data.data() + body, sum.size()) != 0) return false;

  out.filter.resize(h.insn_count);
  std::memcpy(out.filter.data(), data.data() + sizeof h, insn_bytes);
  out.flags = h.flags;
  out.needs_listener = h.needs_listener != 0;
  out.skipped_syscalls.clear();
  std::string_view names = data.substr(sizeof h + insn_bytes, h.skipped_bytes);
  for (size_t pos = 0; pos < names.size();) {
    size_t end = names.find('\0', pos);
    if (end == std::string_view::npos) return false;
    out.skipped_syscalls.emplace_back(names.substr(pos, end - pos));
    pos = end + 1;
  }
  return true;
}

Lookup cache_load(const std::string& dir, const Digest& key, Program& out) {
  std::string path = str_cat(dir, '/', to_hex(key));
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  // A symlink in place of an entry is a bad entry (replaced by the store); anything else
  // that stops the open (no entry, no directory yet, no access) is a plain miss.
  if (!fd) return errno == ELOOP ? Lookup::kCorrupt : Lookup::kMissing;
  struct stat st;
  constexpr off_t kMaxSize =
      sizeof(Header) + BPF_MAXINSNS * sizeof(sock_filter) + kMaxSkippedBytes + sizeof(Digest);
  if (::fstat(fd.get(), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > kMaxSize)
    return Lookup::kCorrupt;
  std::string data(static_cast<size_t>(st.st_size), '\0');
  ssize_t n = ::pread(fd.get(), data.data(), data.size(), 0);
  if (n != st.st_size || !decode_entry(data, key, out)) return Lookup::kCorrupt;
  // LRU bookkeeping for evict(): refresh atime only (relatime would not).
  const struct timespec times[2] = {{0, UTIME_NOW}, {0, UTIME_OMIT}};
  ::futimens(fd.get(), times);
  return Lookup::kHit;
}

Status cache_store(const std::string& dir, const Digest& key, const Program& p,
                   size_t max_entries) {
  static std::atomic<uint32_t> seq;
  auto fail = [](Error e) {
    ++g_counters.store_errors;
    return std::move(e).context("seccomp cache");
  };
  if (auto st = sys::mkdir_p(dir, 0700); !st) return fail(std::move(st).error());
  std::string hex = to_hex(key);
  std::string tmp = str_cat(dir, '/', kTempPrefix, hex.substr(0, 16), '-', ::getpid(), '-', seq++);
  auto fd = sys::open_at(AT_FDCWD, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (!fd) return fail(std::move(fd).error());
  if (auto st = sys::write_all(fd->get(), encode_entry(key, p)); !st) {
    ::unlink(tmp.c_str());
    return fail(std::move(st).error().context(str_cat("write ", quote(tmp))));
  }
  fd->reset();
  std::string path = str_cat(dir, '/', hex);
  if (::rename(tmp.c_str(), path.c_str()) < 0) {
    Error e = Error::from_errno(errno, str_cat("rename ", quote(tmp), " to ", quote(path)));
    ::unlink(tmp.c_str());
    return fail(std::move(e));
  }
  ++g_counters.stores;
  evict(dir, max_entries);
  return {};
}

void count_hit() noexcept { ++g_counters.hits; }
void count_miss(bool corrupt) noexcept {
  ++g_counters.misses;
  if (corrupt) ++g_counters.corrupt;
}

}  // namespace internal

CacheStats cache_stats() noexcept {
  const auto& c = internal::g_counters;
  return {c.hits.load(),   c.misses.load(),       c.corrupt.load(),
          c.stores.load(), c.store_errors.load(), c.evicted.load()};
}

}  // namespace hako::seccomp
