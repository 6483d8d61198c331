"""A real Datasette server and headless Chromium for the browser tests (marker ``browser``).

The server is `python -m datasette serve DB -m metadata.yml`, as a user runs it, on a free
port of 127.0.0.1, under `timeout` so it stops by itself even if the test dies. Chromium is
Debian's, through Selenium, with no network of its own and an empty profile."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from publish_fixtures import stop_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SERVER_LIFETIME_S = 300
SERVER_START_S = 30
LAPTOP = (1366, 900)
PHONE = (390, 844)

needs_chromium = pytest.mark.skipif(
    not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()),
    reason="needs Debian's chromium and chromedriver (apt-get install chromium "
           "chromium-driver)",
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def datasette_server(db_path: Path):
    """The base URL of a Datasette server for ``db_path``, stopped on exit."""
    port = free_port()
    command = [
        "timeout", str(SERVER_LIFETIME_S), sys.executable, "-m", "datasette", "serve",
        str(db_path), "-m", str(ROOT / "metadata.yml"), "--host", "127.0.0.1",
        "--port", str(port),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + SERVER_START_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/-/versions.json", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = process.stdout.read().decode() if process.poll() is not None else ""
                    pytest.fail(f"datasette did not start: {output}")
                time.sleep(0.2)
        yield base
    finally:
        stop_server(process)


@contextmanager
def headless_chromium(profile_dir: Path):
    """A Selenium driver for headless Chromium at laptop size, quit on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--disable-dev-shm-usage",
                     f"--window-size={LAPTOP[0]},{LAPTOP[1]}",
                     f"--user-data-dir={profile_dir}"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
