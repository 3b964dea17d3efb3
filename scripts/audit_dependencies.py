"""Audit the installed Python packages for known vulnerabilities with pip-audit.

    .venv/bin/python scripts/audit_dependencies.py              # the environment running it
    .venv/bin/python scripts/audit_dependencies.py -r reqs.txt  # other pip-audit sources

With no arguments it audits every non-editable package installed next to the Python that runs
it (``pip-audit --local --skip-editable``); arguments replace that choice and go to pip-audit.

Exit status 1 when a known vulnerability is found that ``scripts/audit_ignore.txt`` does not
list (one ID a line, then the reason), or when pip-audit fails for a reason of its own. Exit
status 0 when nothing is found, and also when the vulnerability service cannot be reached or
cannot look up any package: the script then says loudly that no audit was done.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

IGNORE_FILE = Path(__file__).with_name("audit_ignore.txt")
TIMEOUT_SECONDS = 300  # CI budget: a hung service must not eat the run
SERVICE_FAILURE = re.compile(
    r"requests\.exceptions\.\w*(ConnectionError|ProxyError|SSLError|Timeout)"
    r"|Max retries exceeded|ServiceError|network may be blocking this service"
)


def load_ignores(path=IGNORE_FILE):
    """Vulnerability IDs to accept, each with the reason written beside it."""
    ignores = {}
    if not path.exists():
        return ignores
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{path.name} line {number}: {vuln_id} needs a reason after the ID")
        ignores[vuln_id] = reason.strip()
    return ignores


def run_pip_audit(args):
    command = [sys.executable, "-m", "pip_audit", "--format", "json", "--aliases", "on"]
    command += ["--desc", "off", "--progress-spinner", "off"]
    command += args or ["--local", "--skip-editable"]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        return None, "", f"pip-audit gave no answer within {TIMEOUT_SECONDS} s"
    return done.returncode, done.stdout, done.stderr


def judge(returncode, stdout, stderr, ignores):
    """The exit status and the lines to print for one pip-audit run."""
    try:
        report = json.loads(stdout)
    except json.JSONDecodeError:
        report = None
    if report is None or returncode is None:
        if returncode is not None and not SERVICE_FAILURE.search(stderr):
            return 1, ["pip-audit failed:", stderr.strip()]
        return 0, [
            "NO AUDIT DONE: the vulnerability service could not be reached.",
            f"  pip-audit: {stderr.strip().splitlines()[-1]}",
        ]

    dependencies = report["dependencies"]
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    skipped = [dep for dep in dependencies if "skip_reason" in dep]
    if skipped and not audited:
        return 0, [
            f"NO AUDIT DONE: the vulnerability service could look up none of the {len(skipped)}"
            " packages.",
            f"  first answer: {skipped[0]['skip_reason']}",
        ]

    lines, found = [], 0
    for dep in audited:
        for vuln in dep["vulns"]:
            ids = [vuln["id"], *vuln.get("aliases", [])]
            accepted = next((ignores[i] for i in ids if i in ignores), None)
            fixes = ", ".join(vuln["fix_versions"]) or "none yet"
            where = f"{dep['name']} {dep['version']}: {' / '.join(ids)} (fixed in {fixes})"
            if accepted:
                lines.append(f"ignored  {where}: {accepted}")
            else:
                found += 1
                lines.append(f"VULNERABLE  {where}")
    lines += [f"not audited  {dep['name']}: {dep['skip_reason']}" for dep in skipped]
    if found:
        lines.append(
            f"{found} known vulnerabilities: upgrade, or list the ID with a reason in"
            f" scripts/{IGNORE_FILE.name}"
        )
        return 1, lines
    lines.append(f"No known vulnerabilities in {len(audited)} audited packages.")
    return 0, lines


def main(args):
    try:
        ignores = load_ignores()
    except ValueError as error:
        print(error)
        return 2
    status, lines = judge(*run_pip_audit(args), ignores)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
