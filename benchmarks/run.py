"""Run every benchmark in this folder (``make bench``); each prints its own ratios."""

import subprocess
import sys
from pathlib import Path

here = Path(__file__).resolve().parent
failed = []
scripts = sorted([*here.glob("bench_*.py"), here / "documents.py", here / "assessment_scoring.py"])
scripts.append(here / "roadmap.py")
for script in scripts:
    print(f"== {script.stem}", flush=True)
    if subprocess.run([sys.executable, str(script)], check=False).returncode:  # noqa: S603
        failed.append(script.name)
if failed:
    sys.exit(f"Benchmarks failed: {', '.join(failed)}")
