"""Work beside the build process, in a forked child: the machine's second core.

A forked child has the plan and every module in memory already, so nothing but the result
(bytes) travels back through a pipe; a process pool would pickle the whole plan first.
"""
from __future__ import annotations

import contextlib
import os
import pickle
import signal


class Beside:
    """The value of function(*args) computed in a forked child (see `beside`)."""

    def __init__(self, function, args):
        self.function, self.args = function, args
        self.pid, self.pipe = None, None
        if hasattr(os, "fork"):
            read, write = os.pipe()
            self.pid = os.fork()
            if self.pid == 0:  # -- the child: compute, send the pickled value, leave at once --
                os.close(read)
                self._child(write)
            os.close(write)
            self.pipe = os.fdopen(read, "rb")

    def _child(self, write: int) -> None:
        code = 1
        try:
            data = pickle.dumps(self.function(*self.args), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write, "wb") as out:
                out.write(data)
            code = 0
        finally:
            os._exit(code)  # -- no atexit, no flushing of the parent's buffers, no cleanup --

    def result(self):
        if self.pid is None:
            return self.function(*self.args)
        with self.pipe:
            data = self.pipe.read()
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        if os.waitstatus_to_exitcode(status) == 0:
            return pickle.loads(data)
        return self.function(*self.args)  # -- the child failed: the real error comes from here

    def close(self) -> None:
        if self.pid is not None:  # -- the caller failed first: the child's work is not needed --
            self.pipe.close()
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self.pid, 0)
            self.pid = None


@contextlib.contextmanager
def beside(function, *args):
    """Run function(*args) in a forked child while the caller goes on; `.result()` gives its
    value. A forked child has the plan and every module in memory already, so nothing but
    the result (bytes) is pickled. The function must be deterministic: if the child fails
    in any way it is run again here, so the caller gets the real exception (an InputError's
    findings do not survive pickling). Without fork it simply runs here."""
    child = Beside(function, args)
    try:
        yield child
    finally:
        child.close()
