// hako::Dir — sole owner of one directory stream (opendir(3)/fdopendir(3)), read as the entries
// other than "." and "..". Owned by base; every layer may use it (docs/design/conventions.md §5).
// Opening a stream allocates (libc buffers the entries): a child role may use it where it
// already allocates, not where it must stay async-signal-safe.
#pragma once

#include <dirent.h>

#include <string>
#include <string_view>
#include <utility>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako {

class [[nodiscard]] Dir {
 public:
  // opendir(3) of `path`. The error reads "opendir `path`" and keeps the errno (ENOENT when
  // the directory is missing).
  static Result<Dir> open(const std::string& path);
  // Reads the directory `fd` refers to; the Dir owns it from now on (it is closed on failure
  // too). `name` names it in the error, "opendir `name`" ("opendir" when empty).
  static Result<Dir> adopt(UniqueFd fd, std::string_view name);
  // Reads a duplicate (F_DUPFD_CLOEXEC) of `dirfd`, which stays the caller's. The duplicate
  // shares the file offset (dup(2)), so the entries are read once through either fd. Errors
  // read "dup `name`" or "opendir `name`".
  static Result<Dir> dup_of(int dirfd, std::string_view name);

  Dir(Dir&& o) noexcept : d_(std::exchange(o.d_, nullptr)) {}
  Dir& operator=(Dir&& o) noexcept {
    if (this != &o) reset(std::exchange(o.d_, nullptr));
    return *this;
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  ~Dir() { reset(nullptr); }

  // The stream's own fd, for the *at() calls on its entries; borrowed, valid while the Dir is.
  int fd() const noexcept { return ::dirfd(d_); }
  // The next entry other than "." and ".."; nullptr at the end, or on a read error with errno
  // set (readdir(3)). The entry is valid until the next call.
  const struct dirent* next() noexcept;

  // Range-for over the remaining entries: `for (const dirent& e : dir)`.
  class Iterator {
   public:
    const struct dirent& operator*() const noexcept { return *e_; }
    const struct dirent* operator->() const noexcept { return e_; }
    Iterator& operator++() noexcept {
      e_ = dir_->next();
      return *this;
    }
    bool operator==(const Iterator& o) const noexcept { return e_ == o.e_; }
    bool operator!=(const Iterator& o) const noexcept { return e_ != o.e_; }

   private:
    friend class Dir;
    Iterator(Dir* dir, const struct dirent* e) noexcept : dir_(dir), e_(e) {}
    Dir* dir_;
    const struct dirent* e_;
  };
  Iterator begin() noexcept { return Iterator(this, next()); }
  Iterator end() noexcept { return Iterator(this, nullptr); }

 private:
  explicit Dir(DIR* d) noexcept : d_(d) {}
  void reset(DIR* d) noexcept;
  DIR* d_ = nullptr;
};

}  // namespace hako
