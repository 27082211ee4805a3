"""Work-arounds for defects in the PySide6 build we ship with. Qt-free; applied on import of app.ui.

PySide6 6.12 on CPython 3.11: every call of a wrapped `void` method (`QLabel.setText`,
`QWidget.setVisible` …) returns `None` without taking a reference to it, and some virtual
overrides do the same with `True`/`False`. From Python 3.12 these objects are immortal (PEP 683),
so the binding no longer counts references to them; on 3.11 each such call drops one reference
that was never taken. After a few thousand calls the count reaches zero and the interpreter
aborts with "Fatal Python error: none_dealloc: deallocating None" — at exit, or in the middle of
a session. Until we run on 3.12+ (or PySide fixes it), we make these singletons as good as
immortal here, the way 3.12 does: their reference count is raised far beyond reach.
"""

from __future__ import annotations

import sys

# 2**40 dropped references is more than a lifetime of calls (at a million a second, 12 days).
_MARGIN = 1 << 40


def keep_singletons_alive() -> None:
    """Raise the reference counts of None, True, False (and friends) on CPython before 3.12."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython" or sys.getrefcount(None) > _MARGIN:
        return  # not needed, or already done
    import ctypes

    for singleton in (None, True, False, Ellipsis, NotImplemented):
        # ob_refcnt is the first field of every PyObject in a CPython release build.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _MARGIN
