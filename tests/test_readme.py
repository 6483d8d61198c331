import re
import subprocess
import sys

from conftest import ROOT


def test_readme_generated_sections_are_current():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)\n```", readme, re.S)
    setup, tests = blocks[0], blocks[1]
    assert "claimtrack ingest corpus/" in setup and "claimtrack serve" in setup
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    section = ci.split("# >>> test command", 1)[1].split("# <<< test command", 1)[0]
    assert [line for line in section.splitlines() if line.strip()][-1] == tests
