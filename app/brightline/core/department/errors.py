"""What can go wrong between a machine and the department server, as errors that say it in one
line: what, where, and what to do. The command line prints `str(error)`; the window shows
`error.summary` quietly and the whole message on request.

`code` says which kind it is (for the window's wording and the tests):
  not_configured   no machine-wide configuration names a server: a machine on its own
  no_driver        the PostgreSQL client library (libpq) is not on this machine
  unreachable      the server does not answer (network down, server stopped, wrong host or port)
  credentials      the server refused the account or its password / certificate
  config           the configuration cannot be used (e.g. an unreadable password file)
  schema           the server's schema is missing, older or newer than this Brightline knows
  not_enrolled     this machine (or this account's key) is not enrolled
  refused          the server refused records: the reason and detail say why
  server           anything else the server said
"""

from __future__ import annotations


class DepartmentError(Exception):
    """A department operation could not be done; `str()` is one line naming what and where."""

    code = "server"

    def __init__(self, message: str, *, summary: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.summary = summary or message


class NotConfiguredError(DepartmentError):
    code = "not_configured"


class DriverMissingError(DepartmentError):
    code = "no_driver"


class UnreachableError(DepartmentError):
    code = "unreachable"


class CredentialsError(DepartmentError):
    code = "credentials"


class ConfigError(DepartmentError):
    code = "config"


class SchemaError(DepartmentError):
    code = "schema"


class NotEnrolledError(DepartmentError):
    code = "not_enrolled"


class RefusedError(DepartmentError):
    """The server refused records. `reason` is the server's code (truncated, diverged, replaced,
    other_machine, chain_broken, bad_signature, unknown_key, wrong_account ...), `bad_seq` the
    first record refused (None when it is the log as a whole)."""

    code = "refused"

    def __init__(self, message: str, reason: str, bad_seq: int | None = None, *, summary: str = "") -> None:
        super().__init__(message, summary=summary)
        self.reason = reason
        self.bad_seq = bad_seq
