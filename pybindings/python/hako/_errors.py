"""The exceptions raised by hako's C++ side.

Every error is a :class:`HakoError`, which is an :class:`OSError`: ``errno`` is the error's code
(ENOENT, EINVAL, ...) and ``strerror`` the whole message chain, e.g.
``load `b/config.json`: open `b/config.json`: No such file or directory``. Errors whose errno has
a dedicated built-in subclass are also instances of it (``FileNotFoundError``,
``PermissionError``, ``TimeoutError``, ...), so ``except FileNotFoundError`` works. An invalid
config raises :class:`SpecError`, another invalid argument :class:`HakoValueError` (both
are ValueErrors); a runtime binary that ran and failed
raises :class:`RuntimeCommandError`.
"""

from __future__ import annotations

import errno as _errno
from typing import Sequence


class HakoError(OSError):
    """Any failure reported by hako's C++ side (errno + message chain)."""


class HakoValueError(HakoError, ValueError):
    """EINVAL from hako's C++ side: an invalid argument (unknown program, scenario, ...)."""


class SpecError(HakoValueError):
    """A config.json (or state document) that hako's parser or validator rejects."""


class RuntimeCommandError(HakoError):
    """A runtime invocation (``runc delete x``, ...) that ran and did not succeed."""

    def __init__(self, argv: Sequence[str], exit_status: int, status: str, stderr: str,
                 message: str) -> None:
        super().__init__(message)
        #: The full command line, wrapper included.
        self.argv = list(argv)
        #: Exit status, or 128 + signal number when the runtime was killed.
        self.exit_status = exit_status
        #: How it ended: "exit status 1", "killed by signal 9", ...
        self.status = status
        #: What the runtime wrote to stderr (stdout when stderr was empty).
        self.stderr = stderr

    def __str__(self) -> str:
        return str(self.args[0])

    def __reduce__(self):  # keep pickling (multiprocessing) working with the extra arguments
        return (type(self), (self.argv, self.exit_status, self.status, self.stderr, self.args[0]))


class HakoFileNotFoundError(HakoError, FileNotFoundError):
    """ENOENT: a file, bundle, runtime binary or container that does not exist."""


class HakoFileExistsError(HakoError, FileExistsError):
    """EEXIST."""


class HakoPermissionError(HakoError, PermissionError):
    """EPERM or EACCES."""


class HakoTimeoutError(HakoError, TimeoutError):
    """ETIMEDOUT: a runtime call that did not finish in time."""


class HakoInterruptedError(HakoError, InterruptedError):
    """EINTR: a long call stopped by a signal."""


class HakoChildProcessError(HakoError, ChildProcessError):
    """ECHILD: a helper program that failed (e.g. a runtime that cannot run a bundle)."""


_BY_ERRNO = {
    _errno.ENOENT: HakoFileNotFoundError,
    _errno.EEXIST: HakoFileExistsError,
    _errno.EPERM: HakoPermissionError,
    _errno.EACCES: HakoPermissionError,
    _errno.ETIMEDOUT: HakoTimeoutError,
    _errno.EINTR: HakoInterruptedError,
    _errno.ECHILD: HakoChildProcessError,
}


def _from_core(kind: str, code: int, message: str) -> HakoError:
    """Builds the exception for a C++ ``hako::Error`` (called by the extension)."""
    if kind == "spec":
        return SpecError(code, message)
    if kind == "invalid":
        return HakoValueError(code, message)
    return _BY_ERRNO.get(code, HakoError)(code, message)


def _command_error(argv: Sequence[str], exit_status: int, status: str, stderr: str,
                   message: str) -> RuntimeCommandError:
    """Builds the exception for a runtime command that failed (called by the extension)."""
    return RuntimeCommandError(argv, exit_status, status, stderr, message)
