// linux_process_apparmor_profile (catalog C.2): process.apparmorProfile; needs AppArmor with
// the profile loaded.
#include "conformance/harness/host.h"
#include "conformance/validation/common.h"
#include "conformance/validation/programs.h"

namespace hako::conformance::validation {

int program_linux_process_apparmor_profile(const Suite& suite) {
  constexpr const char* kProfile = "acme_secure_profile";
  if (!apparmor_enabled()) return blocked("AppArmor is not enabled on this host");
  if (!apparmor_profile_loaded(kProfile))
    return blocked("the AppArmor profile acme_secure_profile is not loaded");
  Generator g = Generator::harness_default();
  g.set_process_apparmor_profile(kProfile);
  return run_inside_raw(suite, g);
}

}  // namespace hako::conformance::validation
