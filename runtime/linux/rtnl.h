// hako::rtnl — a minimal rtnetlink (NETLINK_ROUTE) client: build one request, send it, read
// its acknowledgement or its replies. Parent only (netdev.cc); a handful of messages do not
// justify libmnl. The socket lives in the network namespace it was created in.
#pragma once

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/base/result.h"
#include "runtime/base/unique_fd.h"

namespace hako::rtnl {

// One request: nlmsghdr, the family header (ifinfomsg, ifaddrmsg), then attributes.
class Request {
 public:
  Request(uint16_t type, uint16_t flags);  // NLM_F_REQUEST is added

  template <typename T>
  Request& header(const T& h) {
    return put(&h, sizeof h);
  }
  Request& attr(uint16_t type, const void* data, size_t len);
  Request& attr_u32(uint16_t type, uint32_t v) { return attr(type, &v, sizeof v); }
  Request& attr_str(uint16_t type, std::string_view s);  // NUL-terminated, as the kernel wants

  uint16_t type() const;
  bool is_dump() const;
  void add_flags(uint16_t flags);
  void set_seq(uint32_t seq);
  const std::vector<char>& bytes() const { return buf_; }

 private:
  Request& put(const void* p, size_t len);  // appends and pads to NLMSG_ALIGNTO
  std::vector<char> buf_;
};

// The attributes after a family header of `hdr_len` bytes in the message `h`.
template <typename Fn>
void for_each_attr(const nlmsghdr* h, size_t hdr_len, Fn&& fn) {
  size_t off = NLMSG_LENGTH(NLMSG_ALIGN(hdr_len));
  if (h->nlmsg_len < off) return;
  const auto* rta = reinterpret_cast<const rtattr*>(reinterpret_cast<const char*>(h) + off);
  unsigned int len = h->nlmsg_len - static_cast<unsigned int>(off);
  for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len))
    fn(rta->rta_type, RTA_DATA(rta), RTA_PAYLOAD(rta));
}

// Copies the family header out of a reply (replies may be shorter than the struct: zero-fill).
template <typename T>
T family_header(const nlmsghdr* h) {
  T t{};
  size_t have = h->nlmsg_len > NLMSG_HDRLEN ? h->nlmsg_len - NLMSG_HDRLEN : 0;
  std::memcpy(&t, NLMSG_DATA(h), have < sizeof t ? have : sizeof t);
  return t;
}

class Socket {
 public:
  // A NETLINK_ROUTE socket in the caller's current network namespace.
  static Result<Socket> open();

  // Sends `r` with NLM_F_ACK and waits for the kernel's answer; a negative answer becomes
  // Error::from_errno(code, what).
  Status call(Request r, std::string_view what);
  // Sends a get/dump request and calls on_reply for each reply message, until the single
  // reply (get) or NLMSG_DONE (dump).
  Status query(Request r, std::string_view what, const std::function<void(const nlmsghdr*)>& on_reply);

  int fd() const { return fd_.get(); }

 private:
  explicit Socket(UniqueFd fd) : fd_(std::move(fd)) {}
  Status exchange(Request& r, std::string_view what, const std::function<void(const nlmsghdr*)>* on_reply);
  UniqueFd fd_;
  uint32_t seq_ = 0;
};

}  // namespace hako::rtnl
