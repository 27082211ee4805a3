"""A small TCP proxy for fault tests: forwards connections to a server, and cuts them all when
told to or once a given number of bytes has gone from the clients to the server (so a cut lands
in the middle of whatever the client was sending: a batch, its COMMIT, or between them)."""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    """Listens on 127.0.0.1:`port`, forwards to `target_port`; `cut_after` bytes client→server
    (None: never), then every connection is closed at once and new ones are refused."""

    def __init__(self, target_port: int, cut_after: int | None = None) -> None:
        self.target_port = target_port
        self.cut_after = cut_after
        self.sent = 0
        self.cut = False
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener = socket.socket()
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self.port = int(self._listener.getsockname()[1])
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.cut:
                client.close()
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, to_server: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            if to_server and self.cut_after is not None:
                with self._lock:
                    allowed = max(0, self.cut_after - self.sent)
                    self.sent += len(data)
                if allowed < len(data):
                    if allowed:
                        try:
                            sink.sendall(data[:allowed])
                        except OSError:
                            pass
                    self.cut_all()
                    return
            try:
                sink.sendall(data)
            except OSError:
                break
        for s in (source, sink):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def cut_all(self) -> None:
        """Drop every connection now, mid-whatever, and refuse new ones."""
        self.cut = True
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def close(self) -> None:
        self.cut_all()
        self._listener.close()
