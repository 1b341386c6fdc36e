"""Fixtures shared by the suite: isolated media and broker, a real Celery worker, an S3-API server, Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.utils import translation
from django.utils.functional import empty

from curation.celery import app as celery_app
from curation.models import renditions_storage

ROOT = Path(__file__).resolve().parent.parent


# Tests that start real processes, by the fixtures that start them: they form the process tier, run in one pytest
# process after the fast tier (which runs in parallel), so that each process is started once.
PROCESS_FIXTURES = {"celery_worker": "worker", "browser": "browser", "page": "browser", "s3_server": "s3"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for fixture, marker in PROCESS_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)


def local_storages(media_root: Path) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root / "private", "base_url": None},
        },
        "renditions": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media_root / "renditions", "base_url": "/media/renditions/"},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def media_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def broker_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("broker")


def reset_broker_connections() -> None:
    """Forget pooled broker connections, so a changed broker setting is used by the next message."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
        celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="session", autouse=True)
def _isolated_broker(broker_dir: Path) -> None:
    """Keep the tests' messages away from a development worker that may be running on the same machine."""
    if celery_app.conf.broker_url.startswith("filesystem"):
        queue = broker_dir / "queue"
        for folder in (queue, broker_dir / "processed"):
            folder.mkdir(parents=True, exist_ok=True)
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(queue),
            "data_folder_out": str(queue),
            "processed_folder": str(broker_dir / "processed"),
            # kombu's exchange tables: by default a "control" folder wherever pytest was started.
            "control_folder": str(broker_dir / "control"),
            "store_processed": False,
        }
        reset_broker_connections()


@receiver(setting_changed)
def _forget_renditions_storage(*, setting: str, **kwargs) -> None:
    # The renditions storage is resolved lazily and kept; a test that changes STORAGES must be seen.
    if setting == "STORAGES":
        renditions_storage._wrapped = empty


@pytest.fixture(autouse=True)
def _media(settings, media_root: Path) -> None:
    """Every test writes media under a temporary folder, never into the developer's var/."""
    settings.STORAGES = local_storages(media_root)
    settings.FILE_UPLOAD_TEMP_DIR = str(media_root / "uploading")
    (media_root / "uploading").mkdir(exist_ok=True)


@pytest.fixture(autouse=True)
def _english_to_start():
    """Each test starts in English: a request in Kazakh leaves Kazakh active in the thread (LocaleMiddleware
    activates a language per request and never resets it), and the next test's messages would follow it."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings) -> None:
    # Real hashing costs half a second per user; what the tests check does not depend on its strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache(settings, request) -> None:
    """Each test starts with an empty cache of its own (login throttling, public page versions)."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": request.node.nodeid}
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout}s")


# --- A real Celery worker --------------------------------------------------------------------------


class Worker:
    """A `celery worker` process on the configured broker, sharing the test database and media folder."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self.env = env
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "curation",
                "worker",
                "--loglevel=INFO",
                "--concurrency=1",
                "-Q",
                django_settings.CELERY_WORKER_QUEUES,
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if "ready." in self.log():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"the worker exited at start:\n{self.log()}")
            time.sleep(0.1)
        raise RuntimeError(f"the worker did not become ready:\n{self.log()}")

    def stop(self, sig: int = signal.SIGTERM) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def worker_env(media_root: Path, broker_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "curation.settings",
        "CURATION_MEDIA_ROOT": str(media_root),
        "CURATION_BROKER_DIR": str(broker_dir),
        "PYTHONUNBUFFERED": "1",
    }
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        env["CURATION_SQLITE_PATH"] = str(db["NAME"])
    else:
        user = db.get("USER") or ""
        password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
        env["DATABASE_URL"] = (
            f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
        )
    return env


@pytest.fixture(scope="session")
def celery_worker(
    django_db_setup, django_db_blocker, media_root: Path, broker_dir: Path, tmp_path_factory
) -> Iterator[Worker]:
    with django_db_blocker.unblock():
        env = worker_env(media_root, broker_dir)
    celery_app.control.purge()
    worker = Worker(env, tmp_path_factory.mktemp("worker") / "worker.log")
    worker.start()
    yield worker
    worker.stop()


def wait_until(predicate, timeout: float = 30.0, interval: float = 0.1, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


# --- An S3-API server on loopback -------------------------------------------------------------------


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[str]:
    port = free_port()
    log = (tmp_path_factory.mktemp("s3") / "moto.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


# --- Chromium ---------------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


def tool_missing(what: str) -> None:
    """A tool the process tier needs is not on this machine: a failure under CI, which installs it; else a skip."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{what}: required under CI but not found")
    pytest.skip(f"{what}: not found on this machine")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    path = chromium_path()
    if path is None:
        tool_missing("browser tests need Chromium (Debian package 'chromium')")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


SCREENSHOTS = ROOT / "var" / "screenshots"


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
