"""Run every benchmark in this folder (``make bench``); each prints its own ratios."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
SKIPPED = 77  # what a benchmark returns when something it needs is missing (PostgreSQL)
failed = []
scripts = sorted([*here.glob("bench_*.py"), here / "documents.py", here / "assessment_scoring.py"])
scripts.append(here / "survey_load.py")
scripts.append(here / "workshop_load.py")  # PostgreSQL only; about 2 minutes
scripts.append(here / "roadmap.py")
scripts.append(here / "ozg_scale.py")  # PostgreSQL only: skipped (77) without it
for script in scripts:
    print(f"== {script.stem}", flush=True)
    returncode = subprocess.run([sys.executable, str(script)], check=False).returncode  # noqa: S603
    if returncode == SKIPPED:
        print(f"{script.stem} skipped (see the reason above)", flush=True)
    elif returncode:
        failed.append(script.name)
if failed:
    sys.exit(f"Benchmarks failed: {', '.join(failed)}")
