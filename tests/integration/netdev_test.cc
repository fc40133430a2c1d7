// linux.netDevices on real containers. The host's network devices are never touched: every
// test runs hako under `unshare -n`, in a private network namespace that plays the host, and
// makes its devices there (a dummy link, or a veth pair where the kernel has no dummy
// driver). The namespace and its devices vanish when the test's shell exits.
#include <gtest/gtest.h>

#include <string>

#include "runtime/base/str.h"
#include "runtime/base/sys.h"
#include "tests/integration/harness.h"

namespace hako::testing {
namespace {

// How to make a device named $1 in the current network namespace, or why we cannot.
struct LinkKind {
  std::string add;   // shell command
  std::string skip;  // non-empty: no way to make a device here
};

const LinkKind& link_kind() {
  static const LinkKind kind = [] {
    auto probe = [](const std::string& add) {
      return subprocess::run({"unshare", "-n", "sh", "-c", str_cat("mk() { ", add, "; }; mk hk-probe0")});
    };
    const std::string dummy = "ip link add \"$1\" type dummy";
    const std::string veth = "ip link add \"$1\" type veth peer name \"$1\"p";
    auto d = probe(dummy);
    if (d && d->success()) return LinkKind{dummy, ""};
    auto v = probe(veth);
    if (v && v->success()) return LinkKind{veth, ""};
    std::string why = str_cat("cannot create a dummy or veth link in a private network namespace: ",
                              d ? sys::trim(d->err) : d.error().to_string(), "; ",
                              v ? sys::trim(v->err) : v.error().to_string());
    return LinkKind{"", why};
  }();
  return kind;
}

struct Outcome {
  int hako_rc = -1;
  std::string ctr_out, ctr_err, host_links;
};

// Runs `hako run` of the sandbox's config in a fresh network namespace after `setup` (shell,
// with `mk NAME` making a device); returns hako's exit code and output and the links left in
// that namespace afterwards.
Outcome run_in_private_netns(Sandbox& sb, const std::string& setup, const std::string& id) {
  sb.write_config();
  std::string out = sb.dir() + "/ctr.out", err = sb.dir() + "/ctr.err";
  std::string script = str_cat("set -e; mk() { ", link_kind().add, "; }; ", setup, "; set +e; \"$@\" >", out,
                               " 2>", err, "; echo \"hako-rc=$?\"; ip -o link show");
  subprocess::Options o;
  o.timeout = std::chrono::seconds(30);
  auto r = subprocess::run({"unshare", "-n", "sh", "-c", script, "sh", hako_binary(), "--root", sb.root(),
                            "run", "--bundle", sb.bundle(), id}, o);
  Outcome res;
  if (!r) {
    ADD_FAILURE() << r.error().to_string();
    return res;
  }
  EXPECT_TRUE(r->success()) << "setup failed: " << r->err;
  auto pos = r->out.find("hako-rc=");
  if (pos != std::string::npos) {
    res.hako_rc = std::stoi(r->out.substr(pos + 8));
    res.host_links = r->out.substr(r->out.find('\n', pos) + 1);
  }
  if (auto text = sys::read_file(out)) res.ctr_out = *text;
  if (auto text = sys::read_file(err)) res.ctr_err = *text;
  return res;
}

bool has_link(const std::string& ip_o_link, const std::string& name) {
  return ip_o_link.find(str_cat(": ", name, ":")) != std::string::npos ||
         ip_o_link.find(str_cat(": ", name, "@")) != std::string::npos;
}

class NetDevicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!link_kind().skip.empty()) GTEST_SKIP() << link_kind().skip;
  }
  Sandbox sb;
};

TEST_F(NetDevicesTest, MovesTheDeviceWithItsAddressesAndSetsItUp) {
  sb.config["linux"]["netDevices"] = {{"hk-nd0", nlohmann::json::object()}};
  sb.set_args({"sh", "-c", "ip -o link show hk-nd0; ip -o addr show dev hk-nd0"});
  Outcome r = run_in_private_netns(
      sb, "mk hk-nd0; ip addr add 10.231.0.1/24 dev hk-nd0; ip addr add fd00:231::1/64 dev hk-nd0 nodad",
      sb.unique_id("netdev-move"));
  ASSERT_EQ(r.hako_rc, 0) << r.ctr_err;
  EXPECT_TRUE(has_link(r.ctr_out, "hk-nd0")) << r.ctr_out;
  EXPECT_NE(r.ctr_out.find(",UP"), std::string::npos) << r.ctr_out;  // <BROADCAST,NOARP,UP,...>
  EXPECT_NE(r.ctr_out.find("inet 10.231.0.1/24"), std::string::npos) << r.ctr_out;
  EXPECT_NE(r.ctr_out.find("inet6 fd00:231::1/64"), std::string::npos) << r.ctr_out;
  EXPECT_FALSE(has_link(r.host_links, "hk-nd0")) << r.host_links;
}

TEST_F(NetDevicesTest, RenamesTheDevice) {
  sb.config["linux"]["netDevices"] = {{"hk-nd0", {{"name", "ctr0"}}}};
  sb.set_args({"sh", "-c", "ls /sys/class/net; cat /sys/class/net/ctr0/flags"});
  Outcome r = run_in_private_netns(sb, "mk hk-nd0", sb.unique_id("netdev-rename"));
  ASSERT_EQ(r.hako_rc, 0) << r.ctr_err;
  EXPECT_EQ(r.ctr_out.substr(0, r.ctr_out.find("0x")), "ctr0\nlo\n") << r.ctr_out;
  unsigned long flags = std::stoul(r.ctr_out.substr(r.ctr_out.find("0x")), nullptr, 16);
  EXPECT_TRUE(flags & 1) << "IFF_UP not set: " << r.ctr_out;
  EXPECT_FALSE(has_link(r.host_links, "hk-nd0")) << r.host_links;
  EXPECT_FALSE(has_link(r.host_links, "ctr0")) << r.host_links;
}

TEST_F(NetDevicesTest, MissingDeviceFailsCreateAndMovesNothing) {
  // Entries are looked up in name order before any is moved: hk-a0 exists, hk-b-missing does not.
  sb.config["linux"]["netDevices"] = {{"hk-a0", nlohmann::json::object()}, {"hk-b-missing", nlohmann::json::object()}};
  sb.set_args({"true"});
  std::string id = sb.unique_id("netdev-missing");
  Outcome r = run_in_private_netns(sb, "mk hk-a0", id);
  EXPECT_EQ(r.hako_rc, 1);
  EXPECT_NE(r.ctr_err.find("linux.netDevices[\"hk-b-missing\"]: find the host device: No such device"),
            std::string::npos) << r.ctr_err;
  EXPECT_TRUE(has_link(r.host_links, "hk-a0")) << r.host_links;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
}

TEST_F(NetDevicesTest, ANameTakenInTheContainerIsAnError) {
  sb.config["linux"]["netDevices"] = {{"hk-nd0", {{"name", "lo"}}}};
  sb.set_args({"true"});
  std::string id = sb.unique_id("netdev-taken");
  Outcome r = run_in_private_netns(sb, "mk hk-nd0", id);
  EXPECT_EQ(r.hako_rc, 1);
  EXPECT_NE(r.ctr_err.find("linux.netDevices[\"hk-nd0\"]: the container's network namespace already has a device named `lo`: File exists"),
            std::string::npos) << r.ctr_err;
  EXPECT_TRUE(has_link(r.host_links, "hk-nd0")) << r.host_links;
  EXPECT_FALSE(sys::path_exists(sb.root() + "/" + id));
  EXPECT_TRUE(cgroup_dirs_named(id).empty());
}

TEST_F(NetDevicesTest, WithoutANetworkNamespaceCreateIsRefused) {
  auto& ns = sb.config["linux"]["namespaces"];
  for (auto it = ns.begin(); it != ns.end(); ++it)
    if ((*it)["type"] == "network") {
      ns.erase(it);
      break;
    }
  sb.config["linux"]["netDevices"] = {{"hk-nd0", nlohmann::json::object()}};
  sb.set_args({"true"});
  std::string id = sb.unique_id("netdev-nons");
  Outcome r = run_in_private_netns(sb, "mk hk-nd0", id);
  EXPECT_EQ(r.hako_rc, 1);
  EXPECT_NE(r.ctr_err.find("linux.netDevices: requires a network namespace"), std::string::npos) << r.ctr_err;
  EXPECT_TRUE(has_link(r.host_links, "hk-nd0")) << r.host_links;
}

// features-linux.md#linuxFeaturesNetDevices
TEST(NetDevicesFeaturesTest, FeaturesSayEnabled) {
  Sandbox sb;
  auto r = sb.hako({"features"});
  ASSERT_TRUE(r.success()) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["linux"]["netDevices"], (nlohmann::json{{"enabled", true}}));
}

}  // namespace
}  // namespace hako::testing
