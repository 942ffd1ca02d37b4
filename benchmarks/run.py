"""Run every benchmark in this folder (``make bench``); each prints its own ratios."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
SKIPPED = 77  # what a benchmark returns when something it needs is missing (PostgreSQL)
failed = []
scripts = sorted([*here.glob("bench_*.py"), here / "documents.py", here / "assessment_scoring.py"])
runs = [(script, []) for script in scripts]
# PostgreSQL only (skipped, 77, without it). The survey load twice: 50 respondents in a
# closed loop, then 20 new respondents a second in an open loop; 20 s each.
runs.append((here / "survey_load.py", ["--duration", "20"]))
runs.append((here / "survey_load.py", ["--duration", "20", "--rate", "20"]))
runs.append((here / "workshop_load.py", []))  # PostgreSQL only; about 2 minutes
runs.append((here / "roadmap.py", []))
runs.append((here / "ozg_scale.py", []))
for script, arguments in runs:
    name = " ".join([script.stem, *arguments])
    print(f"== {name}", flush=True)
    returncode = subprocess.run(  # noqa: S603
        [sys.executable, str(script), *arguments], check=False
    ).returncode
    if returncode == SKIPPED:
        print(f"{name} skipped (see the reason above)", flush=True)
    elif returncode:
        failed.append(name)
if failed:
    sys.exit(f"Benchmarks failed: {', '.join(failed)}")
