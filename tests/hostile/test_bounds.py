"""Every file of the corpus is read or refused within 10 s and 512 MB: measured in a process of
its own, file by file (the peak resident memory is reset before each read)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_each_file_is_read_or_refused_within_ten_seconds_and_512_mb():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    env.setdefault("SECRET_KEY", "tests-only-not-a-secret")
    finished = subprocess.run(
        [sys.executable, "-m", "tests.hostile.corpus", "--measure"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(finished.stdout.strip().splitlines()[-1])
    assert figures["files"] >= 200
    assert figures["slowest_seconds"] < 10, figures
    assert figures["largest_mb"] < 512, figures
