#include "conformance/common/spec_error.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <iterator>
#include <string>

#include "runtime/base/str.h"

namespace hako::conformance {

namespace {

constexpr SpecCodeInfo kSpecCodes[] = {
    {SpecCode::kConfigInRootBundleDir, "ConfigInRootBundleDir", Level::kMust, "bundle.md#container-format"},
    {SpecCode::kConfigConstName, "ConfigConstName", Level::kMust, "bundle.md#container-format"},
    {SpecCode::kArtifactsInSingleDir, "ArtifactsInSingleDir", Level::kMust, "bundle.md#container-format"},
    {SpecCode::kSpecVersionInSemVer, "SpecVersionInSemVer", Level::kMust, "config.md#specification-version"},
    {SpecCode::kRootOnWindowsRequired, "RootOnWindowsRequired", Level::kRequired, "config.md#root"},
    {SpecCode::kRootOnHyperVNotSet, "RootOnHyperVNotSet", Level::kMust, "config.md#root"},
    {SpecCode::kRootOnNonWindowsRequired, "RootOnNonWindowsRequired", Level::kRequired, "config.md#root"},
    {SpecCode::kRootPathOnWindowsGUID, "RootPathOnWindowsGUID", Level::kMust, "config.md#root"},
    {SpecCode::kRootPathOnPosixConvention, "RootPathOnPosixConvention", Level::kShould, "config.md#root"},
    {SpecCode::kRootPathExist, "RootPathExist", Level::kMust, "config.md#root"},
    {SpecCode::kRootReadonlyImplement, "RootReadonlyImplement", Level::kMust, "config.md#root"},
    {SpecCode::kRootReadonlyOnWindowsFalse, "RootReadonlyOnWindowsFalse", Level::kMust, "config.md#root"},
    {SpecCode::kMountsInOrder, "MountsInOrder", Level::kMust, "config.md#mounts"},
    {SpecCode::kMountsDestAbs, "MountsDestAbs", Level::kMust, "config.md#mounts"},
    {SpecCode::kMountsDestOnWindowsNotNested, "MountsDestOnWindowsNotNested", Level::kMust, "config.md#mounts"},
    {SpecCode::kMountsOptionsOnWindowsROSupport, "MountsOptionsOnWindowsROSupport", Level::kMust, "config.md#mounts"},
    {SpecCode::kProcRequiredAtStart, "ProcRequiredAtStart", Level::kRequired, "config.md#process"},
    {SpecCode::kProcConsoleSizeIgnore, "ProcConsoleSizeIgnore", Level::kMust, "config.md#process"},
    {SpecCode::kProcCwdAbs, "ProcCwdAbs", Level::kMust, "config.md#process"},
    {SpecCode::kProcArgsOneEntryRequired, "ProcArgsOneEntryRequired", Level::kRequired, "config.md#process"},
    {SpecCode::kPosixProcRlimitsTypeGenError, "PosixProcRlimitsTypeGenError", Level::kMust, "config.md#posix-process"},
    {SpecCode::kPosixProcRlimitsTypeGet, "PosixProcRlimitsTypeGet", Level::kMust, "config.md#posix-process"},
    {SpecCode::kPosixProcRlimitsTypeValueError, "PosixProcRlimitsTypeValueError", Level::kShould, "config.md#posix-process"},
    {SpecCode::kPosixProcRlimitsSoftMatchCur, "PosixProcRlimitsSoftMatchCur", Level::kMust, "config.md#posix-process"},
    {SpecCode::kPosixProcRlimitsHardMatchMax, "PosixProcRlimitsHardMatchMax", Level::kMust, "config.md#posix-process"},
    {SpecCode::kPosixProcRlimitsErrorOnDup, "PosixProcRlimitsErrorOnDup", Level::kMust, "config.md#posix-process"},
    {SpecCode::kLinuxProcCapError, "LinuxProcCapError", Level::kMust, "config.md#linux-process"},
    {SpecCode::kLinuxProcOomScoreAdjSet, "LinuxProcOomScoreAdjSet", Level::kMust, "config.md#linux-process"},
    {SpecCode::kLinuxProcOomScoreAdjNotSet, "LinuxProcOomScoreAdjNotSet", Level::kMust, "config.md#linux-process"},
    {SpecCode::kPlatformSpecConfOnWindowsSet, "PlatformSpecConfOnWindowsSet", Level::kMust, "config.md#platform-specific-configuration"},
    {SpecCode::kPosixHooksPathAbs, "PosixHooksPathAbs", Level::kMust, "config.md#posix-platform-hooks"},
    {SpecCode::kPosixHooksTimeoutPositive, "PosixHooksTimeoutPositive", Level::kMust, "config.md#posix-platform-hooks"},
    {SpecCode::kPosixHooksCalledInOrder, "PosixHooksCalledInOrder", Level::kMust, "config.md#posix-platform-hooks"},
    {SpecCode::kPosixHooksStateToStdin, "PosixHooksStateToStdin", Level::kMust, "config.md#posix-platform-hooks"},
    {SpecCode::kPrestartTiming, "PrestartTiming", Level::kMust, "config.md#prestart"},
    {SpecCode::kPoststartTiming, "PoststartTiming", Level::kMust, "config.md#poststart"},
    {SpecCode::kPoststopTiming, "PoststopTiming", Level::kMust, "config.md#poststop"},
    {SpecCode::kAnnotationsKeyValueMap, "AnnotationsKeyValueMap", Level::kMust, "config.md#annotations"},
    {SpecCode::kAnnotationsKeyString, "AnnotationsKeyString", Level::kMust, "config.md#annotations"},
    {SpecCode::kAnnotationsKeyRequired, "AnnotationsKeyRequired", Level::kMust, "config.md#annotations"},
    {SpecCode::kAnnotationsKeyReversedDomain, "AnnotationsKeyReversedDomain", Level::kShould, "config.md#annotations"},
    {SpecCode::kAnnotationsKeyReservedNS, "AnnotationsKeyReservedNS", Level::kMust, "config.md#annotations"},
    {SpecCode::kAnnotationsKeyIgnoreUnknown, "AnnotationsKeyIgnoreUnknown", Level::kMust, "config.md#annotations"},
    {SpecCode::kAnnotationsValueString, "AnnotationsValueString", Level::kMust, "config.md#annotations"},
    {SpecCode::kExtensibilityIgnoreUnknownProp, "ExtensibilityIgnoreUnknownProp", Level::kMust, "config.md#extensibility"},
    {SpecCode::kValidValues, "ValidValues", Level::kMust, "config.md#valid-values"},
    {SpecCode::kDefaultFilesystems, "DefaultFilesystems", Level::kShould, "config-linux.md#default-filesystems"},
    {SpecCode::kNSPathAbs, "NSPathAbs", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kNSProcInPath, "NSProcInPath", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kNSPathMatchTypeError, "NSPathMatchTypeError", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kNSNewNSWithoutPath, "NSNewNSWithoutPath", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kNSInheritWithoutType, "NSInheritWithoutType", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kNSErrorOnDup, "NSErrorOnDup", Level::kMust, "config-linux.md#namespaces"},
    {SpecCode::kUserNSMapOwnershipRO, "UserNSMapOwnershipRO", Level::kShould, "config-linux.md#user-namespace-mappings"},
    {SpecCode::kDevicesAvailable, "DevicesAvailable", Level::kMust, "config-linux.md#devices"},
    {SpecCode::kDevicesFileNotMatch, "DevicesFileNotMatch", Level::kMust, "config-linux.md#devices"},
    {SpecCode::kDevicesMajMinRequired, "DevicesMajMinRequired", Level::kRequired, "config-linux.md#devices"},
    {SpecCode::kDevicesErrorOnDup, "DevicesErrorOnDup", Level::kShould, "config-linux.md#devices"},
    {SpecCode::kDefaultDevices, "DefaultDevices", Level::kMust, "config-linux.md#default-devices"},
    {SpecCode::kCgroupsPathAbsOrRel, "CgroupsPathAbsOrRel", Level::kMust, "config-linux.md#cgroups-path"},
    {SpecCode::kCgroupsAbsPathRelToMount, "CgroupsAbsPathRelToMount", Level::kMust, "config-linux.md#cgroups-path"},
    {SpecCode::kCgroupsPathAttach, "CgroupsPathAttach", Level::kMust, "config-linux.md#cgroups-path"},
    {SpecCode::kCgroupsPathError, "CgroupsPathError", Level::kMust, "config-linux.md#cgroups-path"},
    {SpecCode::kDevicesApplyInOrder, "DevicesApplyInOrder", Level::kMust, "config-linux.md#device-whitelist"},
    {SpecCode::kBlkIOWeightOrLeafWeightExist, "BlkIOWeightOrLeafWeightExist", Level::kMust, "config-linux.md#block-io"},
    {SpecCode::kIntelRdtPIDWrite, "IntelRdtPIDWrite", Level::kMust, "config-linux.md#intelrdt"},
    {SpecCode::kIntelRdtNoMountedResctrlError, "IntelRdtNoMountedResctrlError", Level::kMust, "config-linux.md#intelrdt"},
    {SpecCode::kNotManipResctrlWithoutIntelRdt, "NotManipResctrlWithoutIntelRdt", Level::kMust, "config-linux.md#intelrdt"},
    {SpecCode::kIntelRdtL3CacheSchemaWrite, "IntelRdtL3CacheSchemaWrite", Level::kMust, "config-linux.md#intelrdt"},
    {SpecCode::kIntelRdtL3CacheSchemaNotWrite, "IntelRdtL3CacheSchemaNotWrite", Level::kMust, "config-linux.md#intelrdt"},
    {SpecCode::kSeccSyscallsNamesRequired, "SeccSyscallsNamesRequired", Level::kMust, "config-linux.md#seccomp"},
    {SpecCode::kMaskedPathsAbs, "MaskedPathsAbs", Level::kMust, "config-linux.md#masked-paths"},
    {SpecCode::kReadonlyPathsAbs, "ReadonlyPathsAbs", Level::kMust, "config-linux.md#readonly-paths"},
    {SpecCode::kEntityOperSameContainer, "EntityOperSameContainer", Level::kMust, "runtime.md#scope-of-a-container"},
    {SpecCode::kStateIDUniq, "StateIDUniq", Level::kMust, "runtime.md#state"},
    {SpecCode::kStateNewStatus, "StateNewStatus", Level::kMust, "runtime.md#state"},
    {SpecCode::kDefaultStateJSONPattern, "DefaultStateJSONPattern", Level::kMust, "runtime.md#state"},
    {SpecCode::kEnvCreateImplement, "EnvCreateImplement", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kEnvCreateError, "EnvCreateError", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kProcNotRunAtResRequest, "ProcNotRunAtResRequest", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kConfigUpdatesWithoutAffect, "ConfigUpdatesWithoutAffect", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPrestartHooksInvoke, "PrestartHooksInvoke", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPrestartHookFailGenError, "PrestartHookFailGenError", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kProcImplement, "ProcImplement", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPoststartHooksInvoke, "PoststartHooksInvoke", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPoststartHookFailGenWarn, "PoststartHookFailGenWarn", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kUndoCreateSteps, "UndoCreateSteps", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPoststopHooksInvoke, "PoststopHooksInvoke", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kPoststopHookFailGenWarn, "PoststopHookFailGenWarn", Level::kMust, "runtime.md#lifecycle"},
    {SpecCode::kErrorsLeaveStateUnchange, "ErrorsLeaveStateUnchange", Level::kMust, "runtime.md#errors"},
    {SpecCode::kWarnsLeaveFlowUnchange, "WarnsLeaveFlowUnchange", Level::kMust, "runtime.md#warnings"},
    {SpecCode::kDefaultOperations, "DefaultOperations", Level::kMust, "runtime.md#operations"},
    {SpecCode::kQueryWithoutIDGenError, "QueryWithoutIDGenError", Level::kMust, "runtime.md#query-state"},
    {SpecCode::kQueryNonExistGenError, "QueryNonExistGenError", Level::kMust, "runtime.md#query-state"},
    {SpecCode::kQueryStateImplement, "QueryStateImplement", Level::kMust, "runtime.md#query-state"},
    {SpecCode::kCreateWithBundlePathAndID, "CreateWithBundlePathAndID", Level::kMust, "runtime.md#create"},
    {SpecCode::kCreateWithUniqueID, "CreateWithUniqueID", Level::kMust, "runtime.md#create"},
    {SpecCode::kCreateNewContainer, "CreateNewContainer", Level::kMust, "runtime.md#create"},
    {SpecCode::kPropsApplyExceptProcOnCreate, "PropsApplyExceptProcOnCreate", Level::kMust, "runtime.md#create"},
    {SpecCode::kProcArgsApplyUntilStart, "ProcArgsApplyUntilStart", Level::kMust, "runtime.md#create"},
    {SpecCode::kPropApplyFailGenError, "PropApplyFailGenError", Level::kMust, "runtime.md#create"},
    {SpecCode::kPropApplyFailNotCreate, "PropApplyFailNotCreate", Level::kMust, "runtime.md#create"},
    {SpecCode::kStartWithoutIDGenError, "StartWithoutIDGenError", Level::kMust, "runtime.md#start"},
    {SpecCode::kStartNotCreatedHaveNoEffect, "StartNotCreatedHaveNoEffect", Level::kMust, "runtime.md#start"},
    {SpecCode::kStartNotCreatedGenError, "StartNotCreatedGenError", Level::kMust, "runtime.md#start"},
    {SpecCode::kStartProcImplement, "StartProcImplement", Level::kMust, "runtime.md#start"},
    {SpecCode::kStartWithProcUnsetGenError, "StartWithProcUnsetGenError", Level::kMust, "runtime.md#start"},
    {SpecCode::kKillWithoutIDGenError, "KillWithoutIDGenError", Level::kMust, "runtime.md#kill"},
    {SpecCode::kKillNonCreateRunHaveNoEffect, "KillNonCreateRunHaveNoEffect", Level::kMust, "runtime.md#kill"},
    {SpecCode::kKillNonCreateRunGenError, "KillNonCreateRunGenError", Level::kMust, "runtime.md#kill"},
    {SpecCode::kKillSignalImplement, "KillSignalImplement", Level::kMust, "runtime.md#kill"},
    {SpecCode::kDeleteWithoutIDGenError, "DeleteWithoutIDGenError", Level::kMust, "runtime.md#delete"},
    {SpecCode::kDeleteNonStopHaveNoEffect, "DeleteNonStopHaveNoEffect", Level::kMust, "runtime.md#delete"},
    {SpecCode::kDeleteNonStopGenError, "DeleteNonStopGenError", Level::kMust, "runtime.md#delete"},
    {SpecCode::kDeleteResImplement, "DeleteResImplement", Level::kMust, "runtime.md#delete"},
    {SpecCode::kDeleteOnlyCreatedRes, "DeleteOnlyCreatedRes", Level::kMust, "runtime.md#delete"},
    {SpecCode::kDefaultRuntimeLinuxSymlinks, "DefaultRuntimeLinuxSymlinks", Level::kMust, "runtime-linux.md#dev-symbolic-links"},
};

constexpr std::array<std::string_view, 11> kLevelNames = {
    "MAY",         "OPTIONAL", "SHOULD",    "SHOULD NOT", "RECOMMENDED", "NOT RECOMMENDED",
    "MUST",        "MUST NOT", "SHALL",     "SHALL NOT",  "REQUIRED",
};

}  // namespace

std::string_view level_name(Level level) {
  auto i = static_cast<size_t>(level);
  return i < kLevelNames.size() ? kLevelNames[i] : std::string_view("UNKNOWN");
}

Result<Level> parse_level(std::string_view text) {
  std::string up;
  for (char c : text) up.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  if (up == "MAY" || up == "OPTIONAL") return Level::kMay;
  if (up == "SHOULD" || up == "SHOULDNOT" || up == "RECOMMENDED" || up == "NOTRECOMMENDED")
    return Level::kShould;
  if (up == "MUST" || up == "MUSTNOT" || up == "SHALL" || up == "SHALLNOT" || up == "REQUIRED")
    return Level::kMust;
  return Error::invalid(str_cat("unknown compliance level ", quote(text)));
}

const SpecCodeInfo& spec_code_info(SpecCode code) {
  auto it = std::find_if(std::begin(kSpecCodes), std::end(kSpecCodes),
                         [code](const SpecCodeInfo& i) { return i.code == code; });
  // Every enumerator has a row (checked by spec_error_test), so this cannot miss.
  return it != std::end(kSpecCodes) ? *it : kSpecCodes[0];
}

std::span<const SpecCodeInfo> all_spec_codes() { return kSpecCodes; }

std::string spec_reference(SpecCode code, std::string_view version) {
  return str_cat("https://github.com/opencontainers/runtime-spec/blob/v", version, "/",
                 spec_code_info(code).anchor);
}

std::string SpecError::to_string() const { return str_cat(message, "\nRefer to: ", reference()); }

}  // namespace hako::conformance
