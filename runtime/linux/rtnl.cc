#include "runtime/linux/rtnl.h"

#include <sys/socket.h>

#include <cerrno>

#include "runtime/base/str.h"

namespace hako::rtnl {

Request::Request(uint16_t type, uint16_t flags) {
  nlmsghdr h{};
  h.nlmsg_type = type;
  h.nlmsg_flags = static_cast<uint16_t>(flags | NLM_F_REQUEST);
  put(&h, sizeof h);
}

Request& Request::put(const void* p, size_t len) {
  size_t at = buf_.size();
  buf_.resize(at + NLMSG_ALIGN(len), 0);
  std::memcpy(buf_.data() + at, p, len);
  auto size = static_cast<uint32_t>(buf_.size());
  std::memcpy(buf_.data() + offsetof(nlmsghdr, nlmsg_len), &size, sizeof size);
  return *this;
}

Request& Request::attr(uint16_t type, const void* data, size_t len) {
  rtattr a{};
  a.rta_type = type;
  a.rta_len = static_cast<unsigned short>(RTA_LENGTH(len));
  size_t at = buf_.size();
  put(&a, sizeof a);  // RTA_LENGTH(0) == sizeof(rtattr) after alignment
  buf_.resize(at + RTA_SPACE(len), 0);
  std::memcpy(buf_.data() + at + RTA_LENGTH(0), data, len);
  auto size = static_cast<uint32_t>(buf_.size());
  std::memcpy(buf_.data() + offsetof(nlmsghdr, nlmsg_len), &size, sizeof size);
  return *this;
}

Request& Request::attr_str(uint16_t type, std::string_view s) {
  std::string z(s);
  return attr(type, z.c_str(), z.size() + 1);
}

uint16_t Request::type() const {
  nlmsghdr h;
  std::memcpy(&h, buf_.data(), sizeof h);
  return h.nlmsg_type;
}

bool Request::is_dump() const {
  nlmsghdr h;
  std::memcpy(&h, buf_.data(), sizeof h);
  return (h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
}

void Request::add_flags(uint16_t flags) {
  nlmsghdr h;
  std::memcpy(&h, buf_.data(), sizeof h);
  h.nlmsg_flags = static_cast<uint16_t>(h.nlmsg_flags | flags);
  std::memcpy(buf_.data() + offsetof(nlmsghdr, nlmsg_flags), &h.nlmsg_flags, sizeof h.nlmsg_flags);
}

void Request::set_seq(uint32_t seq) {
  std::memcpy(buf_.data() + offsetof(nlmsghdr, nlmsg_seq), &seq, sizeof seq);
}

Result<Socket> Socket::open() {
  int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return Error::from_errno(errno, "open an rtnetlink socket");
  return Socket(UniqueFd(fd));
}

Status Socket::call(Request r, std::string_view what) {
  r.add_flags(NLM_F_ACK);
  return exchange(r, what, nullptr);
}

Status Socket::query(Request r, std::string_view what,
                     const std::function<void(const nlmsghdr*)>& on_reply) {
  return exchange(r, what, &on_reply);
}

Status Socket::exchange(Request& r, std::string_view what,
                        const std::function<void(const nlmsghdr*)>* on_reply) {
  uint32_t seq = ++seq_;
  r.set_seq(seq);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  const auto& out = r.bytes();
  if (::sendto(fd_.get(), out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) < 0)
    return Error::from_errno(errno, str_cat(what, ": send to rtnetlink"));
  bool dump = r.is_dump();
  // 64 KiB holds any one datagram the kernel sends a dump reader (NLMSG_GOODSIZE is 8 KiB).
  std::vector<char> in(64 << 10);
  for (;;) {
    ssize_t n = ::recv(fd_.get(), in.data(), in.size(), MSG_TRUNC);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error::from_errno(errno, str_cat(what, ": receive from rtnetlink"));
    if (static_cast<size_t>(n) > in.size())
      return Error::with_code(EMSGSIZE, str_cat(what, ": rtnetlink reply of ", n, " bytes truncated"));
    unsigned int len = static_cast<unsigned int>(n);
    for (auto* h = reinterpret_cast<const nlmsghdr*>(in.data()); NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_seq != seq) continue;  // a late answer to an earlier request
      if (h->nlmsg_type == NLMSG_DONE) return {};
      if (h->nlmsg_type == NLMSG_ERROR) {
        auto e = family_header<nlmsgerr>(h);
        if (e.error == 0) return {};
        return Error::from_errno(-e.error, std::string(what));
      }
      if (on_reply) (*on_reply)(h);
      if (!dump) return {};
    }
  }
}

}  // namespace hako::rtnl
