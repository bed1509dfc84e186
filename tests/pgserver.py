"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl on 127.0.0.1, as the ``postgres`` user
when the tests run as root (initdb refuses root). Started once per test session (per xdist worker)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path


def _bindir() -> Path | None:
    for pattern in ("/usr/lib/postgresql/*/bin",):
        found = sorted(
            glob.glob(pattern), key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0
        )
        for d in reversed(found):
            if Path(d, "initdb").exists():
                return Path(d)
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, base: Path):
        self.base = base
        self.bindir = _bindir()
        self.port = _free_port()
        self.data = base / "data"
        self.as_root = os.geteuid() == 0

    def available(self) -> bool:
        return self.bindir is not None

    def _run(self, *args: str) -> None:
        cmd = list(args)
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        self.base.mkdir(parents=True, exist_ok=True)
        if self.as_root:
            shutil.chown(self.base, "postgres", "postgres")
            os.chmod(self.base, 0o755)
            p = self.base
            while p != p.parent:  # postgres must be able to reach the folder
                with contextlib.suppress(PermissionError):
                    os.chmod(p, os.stat(p).st_mode | 0o011)
                p = p.parent
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        # The superuser connects without a password (the test's own fixtures); every other role — the people of
        # issue #15 and the owner roles of the docs test — logs in with scram-sha-256, as on a real server.
        hba = self.data / "pg_hba.conf"
        hba_text = (
            "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n"
        )
        if self.as_root:
            self._run("sh", "-c", f"printf '%s' '{hba_text}' > '{hba}'")
        else:
            hba.write_text(hba_text, encoding="utf-8")
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.base} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.base / "server.log"),
            "-w",
            "-o",
            opts,
            "start",
        )
        deadline = time.time() + 20
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("PostgreSQL startade inte")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)
