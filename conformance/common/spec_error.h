// RFC 2119 levels and the runtime-spec error codes of runtime-tools' `specerror` package
// (catalog A.9): numeric code, level and reference anchor per violated sentence. Shared by the
// harness and the static runtimetest; pure data and string formatting, no I/O.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "runtime/base/result.h"

namespace hako::conformance {

// Ordered as in runtime-tools (the gating in runtimetest compares levels numerically).
enum class Level : int {
  kMay = 0,
  kOptional,
  kShould,
  kShouldNot,
  kRecommended,
  kNotRecommended,
  kMust,
  kMustNot,
  kShall,
  kShallNot,
  kRequired,
};

// "MAY", "SHOULD NOT", ...
std::string_view level_name(Level level);
// Case-insensitive; folds the synonyms the way runtime-tools does: MAY/OPTIONAL -> MAY,
// SHOULD/SHOULDNOT/RECOMMENDED/NOTRECOMMENDED -> SHOULD, MUST/MUSTNOT/SHALL/SHALLNOT/REQUIRED -> MUST.
Result<Level> parse_level(std::string_view text);

// Numbering follows the enumeration order of runtime-tools' specerror files, one range per
// spec document: 0xa001 bundle.md, 0xb001 config.md, 0xc001 config-linux.md, 0xe001 runtime.md,
// 0xf001 runtime-linux.md.
enum class SpecCode : std::uint32_t {
  kConfigInRootBundleDir = 0xa001,
  kConfigConstName = 0xa002,
  kArtifactsInSingleDir = 0xa003,
  kSpecVersionInSemVer = 0xb001,
  kRootOnWindowsRequired = 0xb002,
  kRootOnHyperVNotSet = 0xb003,
  kRootOnNonWindowsRequired = 0xb004,
  kRootPathOnWindowsGUID = 0xb005,
  kRootPathOnPosixConvention = 0xb006,
  kRootPathExist = 0xb007,
  kRootReadonlyImplement = 0xb008,
  kRootReadonlyOnWindowsFalse = 0xb009,
  kMountsInOrder = 0xb00a,
  kMountsDestAbs = 0xb00b,
  kMountsDestOnWindowsNotNested = 0xb00c,
  kMountsOptionsOnWindowsROSupport = 0xb00d,
  kProcRequiredAtStart = 0xb00e,
  kProcConsoleSizeIgnore = 0xb00f,
  kProcCwdAbs = 0xb010,
  kProcArgsOneEntryRequired = 0xb011,
  kPosixProcRlimitsTypeGenError = 0xb012,
  kPosixProcRlimitsTypeGet = 0xb013,
  kPosixProcRlimitsTypeValueError = 0xb014,
  kPosixProcRlimitsSoftMatchCur = 0xb015,
  kPosixProcRlimitsHardMatchMax = 0xb016,
  kPosixProcRlimitsErrorOnDup = 0xb017,
  kLinuxProcCapError = 0xb018,
  kLinuxProcOomScoreAdjSet = 0xb019,
  kLinuxProcOomScoreAdjNotSet = 0xb01a,
  kPlatformSpecConfOnWindowsSet = 0xb01b,
  kPosixHooksPathAbs = 0xb01c,
  kPosixHooksTimeoutPositive = 0xb01d,
  kPosixHooksCalledInOrder = 0xb01e,
  kPosixHooksStateToStdin = 0xb01f,
  kPrestartTiming = 0xb020,
  kPoststartTiming = 0xb021,
  kPoststopTiming = 0xb022,
  kAnnotationsKeyValueMap = 0xb023,
  kAnnotationsKeyString = 0xb024,
  kAnnotationsKeyRequired = 0xb025,
  kAnnotationsKeyReversedDomain = 0xb026,
  kAnnotationsKeyReservedNS = 0xb027,
  kAnnotationsKeyIgnoreUnknown = 0xb028,
  kAnnotationsValueString = 0xb029,
  kExtensibilityIgnoreUnknownProp = 0xb02a,
  kValidValues = 0xb02b,
  kDefaultFilesystems = 0xc001,
  kNSPathAbs = 0xc002,
  kNSProcInPath = 0xc003,
  kNSPathMatchTypeError = 0xc004,
  kNSNewNSWithoutPath = 0xc005,
  kNSInheritWithoutType = 0xc006,
  kNSErrorOnDup = 0xc007,
  kUserNSMapOwnershipRO = 0xc008,
  kDevicesAvailable = 0xc009,
  kDevicesFileNotMatch = 0xc00a,
  kDevicesMajMinRequired = 0xc00b,
  kDevicesErrorOnDup = 0xc00c,
  kDefaultDevices = 0xc00d,
  kCgroupsPathAbsOrRel = 0xc00e,
  kCgroupsAbsPathRelToMount = 0xc00f,
  kCgroupsPathAttach = 0xc010,
  kCgroupsPathError = 0xc011,
  kDevicesApplyInOrder = 0xc012,
  kBlkIOWeightOrLeafWeightExist = 0xc013,
  kIntelRdtPIDWrite = 0xc014,
  kIntelRdtNoMountedResctrlError = 0xc015,
  kNotManipResctrlWithoutIntelRdt = 0xc016,
  kIntelRdtL3CacheSchemaWrite = 0xc017,
  kIntelRdtL3CacheSchemaNotWrite = 0xc018,
  kSeccSyscallsNamesRequired = 0xc019,
  kMaskedPathsAbs = 0xc01a,
  kReadonlyPathsAbs = 0xc01b,
  kEntityOperSameContainer = 0xe001,
  kStateIDUniq = 0xe002,
  kStateNewStatus = 0xe003,
  kDefaultStateJSONPattern = 0xe004,
  kEnvCreateImplement = 0xe005,
  kEnvCreateError = 0xe006,
  kProcNotRunAtResRequest = 0xe007,
  kConfigUpdatesWithoutAffect = 0xe008,
  kPrestartHooksInvoke = 0xe009,
  kPrestartHookFailGenError = 0xe00a,
  kProcImplement = 0xe00b,
  kPoststartHooksInvoke = 0xe00c,
  kPoststartHookFailGenWarn = 0xe00d,
  kUndoCreateSteps = 0xe00e,
  kPoststopHooksInvoke = 0xe00f,
  kPoststopHookFailGenWarn = 0xe010,
  kErrorsLeaveStateUnchange = 0xe011,
  kWarnsLeaveFlowUnchange = 0xe012,
  kDefaultOperations = 0xe013,
  kQueryWithoutIDGenError = 0xe014,
  kQueryNonExistGenError = 0xe015,
  kQueryStateImplement = 0xe016,
  kCreateWithBundlePathAndID = 0xe017,
  kCreateWithUniqueID = 0xe018,
  kCreateNewContainer = 0xe019,
  kPropsApplyExceptProcOnCreate = 0xe01a,
  kProcArgsApplyUntilStart = 0xe01b,
  kPropApplyFailGenError = 0xe01c,
  kPropApplyFailNotCreate = 0xe01d,
  kStartWithoutIDGenError = 0xe01e,
  kStartNotCreatedHaveNoEffect = 0xe01f,
  kStartNotCreatedGenError = 0xe020,
  kStartProcImplement = 0xe021,
  kStartWithProcUnsetGenError = 0xe022,
  kKillWithoutIDGenError = 0xe023,
  kKillNonCreateRunHaveNoEffect = 0xe024,
  kKillNonCreateRunGenError = 0xe025,
  kKillSignalImplement = 0xe026,
  kDeleteWithoutIDGenError = 0xe027,
  kDeleteNonStopHaveNoEffect = 0xe028,
  kDeleteNonStopGenError = 0xe029,
  kDeleteResImplement = 0xe02a,
  kDeleteOnlyCreatedRes = 0xe02b,
  kDefaultRuntimeLinuxSymlinks = 0xf001,
};

struct SpecCodeInfo {
  SpecCode code;
  std::string_view name;    // "MountsInOrder"
  Level level;
  std::string_view anchor;  // "config.md#mounts"
};

// The spec version the validation programs cite (runtime-tools vendors runtime-spec v1.1.0).
inline constexpr std::string_view kSpecVersion = "1.1.0";

const SpecCodeInfo& spec_code_info(SpecCode code);
std::span<const SpecCodeInfo> all_spec_codes();
// https://github.com/opencontainers/runtime-spec/blob/v<version>/<anchor>
std::string spec_reference(SpecCode code, std::string_view version = kSpecVersion);

// One violated (or checked) spec sentence with the message that describes it.
struct SpecError {
  SpecCode code;
  std::string message;
  std::string version = std::string(kSpecVersion);

  Level level() const { return spec_code_info(code).level; }
  std::string reference() const { return spec_reference(code, version); }
  // "<message>\nRefer to: <reference>" — the full text runtime-tools prints.
  std::string to_string() const;
};

}  // namespace hako::conformance
