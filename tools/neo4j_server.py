"""Run a real Neo4j Community server locally, without Docker.

The server's jars come from Maven Central through ``tools/neo4j/pom.xml`` and land in
``<repo>/.neo4j/lib`` (git-ignored). :class:`Neo4jServer` starts ``java`` directly on
``org.neo4j.server.CommunityEntryPoint`` with a throw-away home directory, Bolt on a loopback
port and authentication off, which is what tests, benchmarks and local development need.

Command line::

    python -m tools.neo4j_server fetch
    python -m tools.neo4j_server run --port 7687

From Python::

    with Neo4jServer() as server:
        driver = neo4j.GraphDatabase.driver(server.uri)
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import fcntl
import functools
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, Final, Self

import neo4j
from neo4j.exceptions import DriverError, Neo4jError

__all__ = [
    "DEFAULT_STARTUP_TIMEOUT",
    "DEFAULT_STOP_TIMEOUT",
    "Neo4jServer",
    "Neo4jServerError",
    "default_repo_root",
    "fetch_neo4j",
    "main",
    "pinned_version",
]

DEFAULT_STARTUP_TIMEOUT: Final = 120.0
DEFAULT_STOP_TIMEOUT: Final = 60.0

_POM: Final = Path("tools") / "neo4j" / "pom.xml"
_STATE_DIR: Final = ".neo4j"
_ENTRY_POINT: Final = "org.neo4j.server.CommunityEntryPoint"
_LOG_NAME: Final = "neo4j-console.log"
_MIN_JAVA: Final = 17

# Flags Neo4j's own launcher passes (its fixed ones plus the defaults of
# ``server.jvm.additional``) that matter for a plain ``java`` start. Netty and the page cache
# reach into JDK internals, so the ``--add-opens`` lines are required on Java 17+.
_JVM_FLAGS: Final = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
)


class Neo4jServerError(RuntimeError):
    """Fetching, starting or stopping the local Neo4j server failed."""


def default_repo_root() -> Path:
    """The repository holding this package (the directory with ``tools/neo4j/pom.xml``)."""
    return Path(__file__).resolve().parents[1]


def pinned_version(repo_root: Path | None = None) -> str:
    """The Neo4j version pinned by ``<neo4j.version>`` in ``tools/neo4j/pom.xml``."""
    pom = (repo_root or default_repo_root()) / _POM
    try:
        text = pom.read_text(encoding="utf-8")
    except OSError as exc:
        raise Neo4jServerError(f"cannot read {pom}: {exc}") from exc
    match = re.search(r"<neo4j\.version>\s*([^<\s]+)\s*</neo4j\.version>", text)
    if match is None:
        raise Neo4jServerError(f"{pom} has no <neo4j.version> property")
    return match.group(1)


def _lib_dir(repo_root: Path) -> Path:
    return repo_root / _STATE_DIR / "lib"


def _marker(lib_dir: Path, version: str) -> Path:
    return lib_dir / f".fetched-neo4j-{version}"


def _require_tool(name: str, hint: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise Neo4jServerError(f"`{name}` was not found on PATH; {hint}")
    return path


_JAVA_HINT: Final = (
    "install a Java 17 or 21 runtime (Debian/Ubuntu: `apt-get install openjdk-17-jdk-headless`) or set JAVA_HOME"
)
_MVN_HINT: Final = "install Apache Maven (Debian/Ubuntu: `apt-get install maven`)"


def _find_java(java: str | None = None) -> str:
    if java is not None:
        if shutil.which(java) is None:
            raise Neo4jServerError(f"java executable {java!r} not found; {_JAVA_HINT}")
        return java
    java_home = os.environ.get("JAVA_HOME")
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return _require_tool("java", _JAVA_HINT)


@functools.cache
def _java_major_version(java: str) -> int | None:
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        return None
    major = int(match.group(1))
    # Java 8 and older report "1.8.0_..."
    return int(match.group(2) or 0) if major == 1 else major


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


def fetch_neo4j(repo_root: Path | None = None) -> Path:
    """Copy the pinned Neo4j Community jars into ``<repo>/.neo4j/lib`` and return that directory.

    Maven resolves them from Maven Central (cached in ``~/.m2`` afterwards). Nothing runs when a
    completion marker for the pinned version is already in place. The jars are copied into a
    staging directory first, so an interrupted fetch never leaves a half-filled ``lib``.
    """
    root = (repo_root or default_repo_root()).resolve()
    version = pinned_version(root)
    lib_dir = _lib_dir(root)
    if _marker(lib_dir, version).is_file():
        return lib_dir

    state_dir = root / _STATE_DIR
    state_dir.mkdir(parents=True, exist_ok=True)
    with open(state_dir / "fetch.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be fetching right now
        if _marker(lib_dir, version).is_file():
            return lib_dir
        mvn = _require_tool("mvn", _MVN_HINT)
        _find_java()  # Maven needs it too; say so before Maven does, less clearly
        staging = state_dir / "lib.partial"
        shutil.rmtree(staging, ignore_errors=True)
        cmd = [
            mvn,
            "--batch-mode",
            "--quiet",
            "--file",
            str(root / _POM),
            f"-Dneo4j.lib.dir={staging}",
            "dependency:copy-dependencies@neo4j-lib",
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
        except OSError as exc:
            raise Neo4jServerError(f"could not run Maven ({mvn}): {exc}") from exc
        jars = list(staging.glob("*.jar"))
        if proc.returncode != 0 or not jars:
            output = _tail(proc.stdout + proc.stderr, 40)
            raise Neo4jServerError(
                f"Maven could not fetch Neo4j {version} (exit code {proc.returncode}): {' '.join(cmd)}\n{output}"
            )
        # A previous version's jars must not share the class path with the new ones.
        shutil.rmtree(lib_dir, ignore_errors=True)
        staging.rename(lib_dir)
        _marker(lib_dir, version).write_text(f"{len(jars)} jars\n", encoding="utf-8")
    return lib_dir


def _free_port(host: str) -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def _port_open(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex((host, port)) == 0


class Neo4jServer:
    """A Neo4j Community server in a throw-away home directory, for one process's lifetime.

    Use as a context manager, or call :meth:`start` and :meth:`stop`. Bolt listens on
    ``127.0.0.1`` with authentication disabled; connect with ``neo4j.GraphDatabase.driver(uri)``
    (no ``auth``). The data directory lives in the temporary home and is deleted by
    :meth:`stop`, which also runs at interpreter exit if the caller forgot it.
    """

    host: Final = "127.0.0.1"

    def __init__(
        self,
        port: int | None = None,
        *,
        repo_root: Path | None = None,
        lib_dir: Path | None = None,
        java: str | None = None,
        heap: str = "512m",
        page_cache: str = "64m",
        startup_timeout: float = DEFAULT_STARTUP_TIMEOUT,
        stop_timeout: float = DEFAULT_STOP_TIMEOUT,
        temp_root: Path | None = None,
    ) -> None:
        """Configure, but do not start, a server.

        ``port`` None picks a free loopback port at :meth:`start`. ``lib_dir`` None fetches the
        pinned version into ``<repo_root>/.neo4j/lib`` on start. ``heap`` and ``page_cache``
        take Neo4j/JVM sizes such as ``"512m"``. ``temp_root`` is where the temporary home
        directory is made (default: the system temp directory).
        """
        self._requested_port = port
        self._repo_root = repo_root
        self._lib_dir = lib_dir
        self._java = java
        self.heap = heap
        self.page_cache = page_cache
        self.startup_timeout = startup_timeout
        self.stop_timeout = stop_timeout
        self._temp_root = temp_root
        self._port: int | None = None
        self._home: Path | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._lock = threading.RLock()

    # -- state ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        """The Bolt port (only once started)."""
        if self._port is None:
            raise Neo4jServerError("the server has not been started")
        return self._port

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT`` (only once started)."""
        return f"bolt://{self.host}:{self.port}"

    @property
    def home(self) -> Path:
        """The temporary home directory (only while started)."""
        if self._home is None:
            raise Neo4jServerError("the server has not been started")
        return self._home

    @property
    def log_path(self) -> Path:
        """The file receiving the server's stdout and stderr (only while started)."""
        return self.home / _LOG_NAME

    @property
    def pid(self) -> int | None:
        """The Java process id, or None when not running."""
        return self._proc.pid if self._proc is not None else None

    @property
    def running(self) -> bool:
        """True while the Java process is alive."""
        return self._proc is not None and self._proc.poll() is None

    def log_tail(self, lines: int = 40) -> str:
        """The last ``lines`` lines of the server's console output ('' if there is none)."""
        if self._home is None:
            return ""
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        return _tail(data.decode("utf-8", errors="replace"), lines)

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Self:
        """Start the server and block until Bolt answers; return ``self``.

        Raises :class:`Neo4jServerError` (with the tail of the server's output) when Java is
        missing or too old, the server exits, or it is not ready within ``startup_timeout``.
        """
        with self._lock:
            if self._proc is not None:
                raise Neo4jServerError("the server is already started")
            java = _find_java(self._java)
            major = _java_major_version(java)
            if major is not None and major < _MIN_JAVA:
                raise Neo4jServerError(
                    f"{java} is Java {major}; Neo4j {self.version} needs Java 17 or 21; " + _JAVA_HINT
                )
            lib_dir = self._lib_dir or fetch_neo4j(self._repo_root)
            if not any(lib_dir.glob("*.jar")):
                raise Neo4jServerError(f"no jars in {lib_dir}; run `fetch` first")
            port = self._requested_port or _free_port(self.host)
            if self._requested_port and _port_open(self.host, port):
                raise Neo4jServerError(f"port {port} on {self.host} is already in use")
            home = Path(tempfile.mkdtemp(prefix="neo4j-home-", dir=self._temp_root))
            self._port, self._home = port, home
            atexit.register(self.stop)
            try:
                self._write_config(home, port)
                self._log = open(home / _LOG_NAME, "wb")  # noqa: SIM115 - closed in stop()
                cmd = [
                    java,
                    f"-Xms{self.heap}",
                    f"-Xmx{self.heap}",
                    *_JVM_FLAGS,
                    "-cp",
                    f"{lib_dir.resolve()}/*",
                    _ENTRY_POINT,
                    f"--home-dir={home}",
                    f"--config-dir={home / 'conf'}",
                    "--console-mode",
                ]
                # Same process group as the caller on purpose: a Ctrl-C in the terminal or a
                # kill of the whole group reaches Java too, even if Python cannot clean up.
                self._proc = subprocess.Popen(
                    cmd,
                    stdin=subprocess.DEVNULL,
                    stdout=self._log,
                    stderr=subprocess.STDOUT,
                    cwd=home,
                )
            except BaseException:
                self._cleanup_locked()
                raise
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        """Stop the server (SIGTERM, SIGKILL after ``stop_timeout``) and delete its home.

        Safe to call more than once, and on a server that never started.
        """
        with self._lock:
            self._cleanup_locked()

    def _cleanup_locked(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                proc.wait()
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None
        atexit.unregister(self.stop)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = f"running at {self.uri}" if self.running else "stopped"
        return f"<Neo4jServer {state}>"

    # -- internals -----------------------------------------------------------------------

    @property
    def version(self) -> str:
        """The pinned Neo4j version this server runs."""
        return pinned_version(self._repo_root)

    def _write_config(self, home: Path, port: int) -> None:
        conf_dir = home / "conf"
        conf_dir.mkdir()
        # Every name here is a real 5.x setting: an unknown name makes the server refuse to
        # start. The heap settings are read by Neo4j's launcher only; -Xms/-Xmx carry them here.
        settings = {
            "server.default_listen_address": self.host,
            "server.default_advertised_address": self.host,
            "server.bolt.enabled": "true",
            "server.bolt.listen_address": f"{self.host}:{port}",
            "server.bolt.advertised_address": f"{self.host}:{port}",
            "server.http.enabled": "false",
            "server.https.enabled": "false",
            "dbms.security.auth_enabled": "false",
            "dbms.usage_report.enabled": "false",
            "server.directories.data": str(home / "data"),
            "server.directories.logs": str(home / "logs"),
            "server.memory.pagecache.size": self.page_cache,
            "server.memory.heap.initial_size": self.heap,
            "server.memory.heap.max_size": self.heap,
            # Netty's graceful shutdown otherwise idles 5 s for each of Bolt's two event-loop
            # groups, making every stop take 10 s longer; nothing here needs that grace.
            "internal.dbms.bolt.netty_server_shutdown_quiet_period": "0",
        }
        lines = [f"{key}={value}" for key, value in settings.items()]
        (conf_dir / "neo4j.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")

    def _failure(self, reason: str) -> Neo4jServerError:
        tail = self.log_tail(40) or "(no output)"
        return Neo4jServerError(f"Neo4j {reason}. Last lines of its output:\n{tail}")

    def _wait_until_ready(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        last_error: BaseException | None = None
        with neo4j.GraphDatabase.driver(self.uri, connection_timeout=2.0) as driver:
            while True:
                proc = self._proc
                if proc is None:
                    raise Neo4jServerError("the server was stopped while starting")
                code = proc.poll()
                if code is not None:
                    raise self._failure(f"exited with code {code} while starting")
                try:
                    driver.verify_connectivity()
                    # Bolt can answer a moment before the default database is online.
                    driver.execute_query("RETURN 1", database_="neo4j")
                except (DriverError, Neo4jError, OSError) as exc:
                    last_error = exc
                else:
                    return
                if time.monotonic() >= deadline:
                    raise self._failure(
                        f"did not answer on {self.uri} within {self.startup_timeout:g} s (last error: {last_error!r})"
                    )
                time.sleep(0.25)


# -- command line ------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    server = Neo4jServer(args.port, startup_timeout=args.timeout, heap=args.heap)
    ready = threading.Event()
    stop_requested = threading.Event()

    def on_signal(signum: int, frame: FrameType | None) -> None:
        if not ready.is_set():
            # Still starting: unwind through start(), which stops the half-started server.
            raise KeyboardInterrupt
        stop_requested.set()

    handled = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
    previous = {sig: signal.signal(sig, on_signal) for sig in handled}
    try:
        started = time.monotonic()
        server.start()
        ready.set()
        print(server.uri, flush=True)
        print(
            f"Neo4j {server.version} ready in {time.monotonic() - started:.1f} s (home {server.home}); Ctrl-C to stop.",
            file=sys.stderr,
            flush=True,
        )
        while not stop_requested.wait(0.5):
            if not server.running:
                print(server.log_tail(40), file=sys.stderr)
                print("error: Neo4j exited unexpectedly", file=sys.stderr)
                return 1
        print("Stopping Neo4j...", file=sys.stderr, flush=True)
        return 0
    except KeyboardInterrupt:
        print("Interrupted while starting; stopping Neo4j.", file=sys.stderr)
        return 130
    finally:
        ready.set()  # from here on a signal only asks for what is already under way
        server.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m tools.neo4j_server",
        description="Fetch and run a local Neo4j Community server (no Docker) from Maven Central.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=(
            "examples:\n"
            "  python -m tools.neo4j_server fetch\n"
            "  python -m tools.neo4j_server run --port 7687\n"
            "\n"
            "`run` prints bolt://127.0.0.1:PORT on stdout once the server answers;\n"
            "connect without credentials. Jars are cached in <repo>/.neo4j/lib.\n"
            "Needs Java 17+ and Maven.\n"
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser(
        "fetch",
        help="copy the pinned Neo4j jars into .neo4j/lib (no-op when already there)",
        description="Copy the pinned Neo4j jars into <repo>/.neo4j/lib using Maven.",
    )
    run = sub.add_parser(
        "run",
        help="start a throw-away server, print its bolt:// URI, stop it on Ctrl-C/SIGTERM",
        description=(
            "Start Neo4j with auth disabled on 127.0.0.1, print the bolt:// URI on stdout\n"
            "and keep running until Ctrl-C or SIGTERM. The data is deleted on exit."
        ),
        epilog="example:\n  python -m tools.neo4j_server run --port 7687",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    run.add_argument("--port", type=int, default=None, help="Bolt port (default: a free one)")
    run.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_STARTUP_TIMEOUT,
        help="seconds to wait for Bolt (default: %(default)g)",
    )
    run.add_argument("--heap", default="512m", help="JVM heap size (default: %(default)s)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    args = _build_parser().parse_args(argv)
    try:
        if args.command == "fetch":
            started = time.monotonic()
            lib_dir = fetch_neo4j()
            print(f"{lib_dir} ({time.monotonic() - started:.1f} s)")
            return 0
        return _run(args)
    except Neo4jServerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
