"""The dependency audit: pins start above known-vulnerable releases, and pip-audit's answers
are judged right (a finding fails, an unreachable service is reported). No test goes online:
pip-audit asks a local stand-in for the OSV service."""

import json
import socket
import threading
import tomllib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from scripts.audit_dependencies import judge, load_ignores, run_pip_audit

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"

# The first release in each pinned line that carries every security fix published for it.
FIXED_RELEASES = {
    # 5.2.19 (2026-11-03): CVE-2026-108147, -111211, -111362, -113593, -114582; every 5.2.x
    # before it also has published CVEs (docs/releases/5.2.*.txt in Django's sdist).
    "django": "5.2.19",
    # 8.0.1 (2026-10-20, with 7.4.4): collection privacy checked per collection, rich text
    # link contents sanitised, admin pages API fields restricted.
    "wagtail": "8.0.1",
    # 13.0.0 (2026-10-16): two critical and thirteen high advisories (CVE-2026-96639,
    # GHSA-5x8w-8jj5-q52h, ...); 12.x releases before it carry earlier CVEs.
    "pillow": "13.0.0",
}

FINDING = {
    "id": "PYSEC-2022-43012",
    "aliases": ["CVE-2022-40897"],
    "summary": "Regular expression denial of service in package_index",
    "affected": [
        {
            "package": {"name": "setuptools", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "65.5.1"}]}],
        }
    ],
}


def declared_floor(name):
    dependencies = tomllib.loads(PYPROJECT.read_text())["project"]["dependencies"]
    requirement = next(
        r for r in map(Requirement, dependencies) if canonicalize_name(r.name) == name
    )
    return max(Version(spec.version) for spec in requirement.specifier if spec.operator == ">=")


@pytest.mark.parametrize("name", sorted(FIXED_RELEASES))
def test_pinned_range_admits_no_release_before_the_security_fixes(name):
    assert declared_floor(name) >= Version(FIXED_RELEASES[name])


class FakeOsv(BaseHTTPRequestHandler):
    """Answers OSV's /v1/query: setuptools 65.5.0 has one advisory, everything else none."""

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        hit = (query["package"]["name"], query["version"]) == ("setuptools", "65.5.0")
        body = json.dumps({"vulns": [FINDING]} if hit else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def audit_requirements(directory, osv_url):
    requirements = directory / "requirements.txt"
    requirements.write_text("setuptools==65.5.0\nsix==1.17.0\n")
    return run_pip_audit(
        ["-r", str(requirements), "--no-deps", "--disable-pip", "-s", "osv", "--osv-url", osv_url]
    )


@pytest.fixture(scope="module")
def answer_with_finding(tmp_path_factory):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOsv)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/v1/query"
        yield audit_requirements(tmp_path_factory.mktemp("audit"), url)
    finally:
        server.shutdown()
        server.server_close()


def test_a_known_vulnerability_fails_the_audit(answer_with_finding):
    status, lines = judge(*answer_with_finding, ignores={})
    assert status == 1
    assert (
        "VULNERABLE  setuptools 65.5.0: PYSEC-2022-43012 / CVE-2022-40897 (fixed in 65.5.1)"
        in lines
    )


def test_a_vulnerability_listed_with_a_reason_passes(answer_with_finding):
    status, lines = judge(*answer_with_finding, ignores={"CVE-2022-40897": "build-time only"})
    assert status == 0
    assert any(line.startswith("ignored  setuptools 65.5.0") for line in lines)


def test_an_unreachable_service_is_reported_without_failing(tmp_path):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    status, lines = judge(*audit_requirements(tmp_path, f"http://127.0.0.1:{port}/"), ignores={})
    assert status == 0
    assert lines[0] == "NO AUDIT DONE: the vulnerability service could not be reached."


def test_a_service_that_finds_no_package_is_reported_as_no_audit():
    # What pip-audit prints when PyPI's per-release JSON answers 404 for every package.
    stdout = json.dumps(
        {
            "dependencies": [
                {"name": "django", "skip_reason": "Dependency not found on PyPI: django (5.2.19)"},
                {"name": "six", "skip_reason": "Dependency not found on PyPI: six (1.17.0)"},
            ],
            "fixes": [],
        }
    )
    status, lines = judge(0, stdout, "", ignores={})
    assert (status, lines[0]) == (
        0,
        "NO AUDIT DONE: the vulnerability service could look up none of the 2 packages.",
    )


def test_a_pip_audit_error_of_its_own_fails_the_audit(tmp_path):
    status, lines = judge(*run_pip_audit(["-r", str(tmp_path / "missing.txt")]), ignores={})
    assert (status, lines[0]) == (1, "pip-audit failed:")


def test_an_ignore_entry_without_a_reason_is_refused(tmp_path):
    ignore_file = tmp_path / "audit_ignore.txt"
    ignore_file.write_text("# comment\nGHSA-aaaa-bbbb-cccc\n")
    with pytest.raises(ValueError, match="GHSA-aaaa-bbbb-cccc needs a reason"):
        load_ignores(ignore_file)
