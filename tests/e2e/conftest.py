"""Fixtures for the end-to-end suite (scripts/e2e.sh runs it).

Environment (scripts/e2e.sh sets all of these; without them the fixtures run the scripts):
  E2E_PULUMI_BIN    directory with `pulumi` v3.276.0 and its language hosts (scripts/ensure-pulumi.sh)
  E2E_PULUMI_OLDEST_BIN  the same for v3.66.0, the oldest engine we support
                    (scripts/ensure-pulumi.sh --version 3.66.0)
  E2E_NODE_BIN      directory with Node 22 (scripts/ensure-node.sh)
  E2E_PLUGIN_TGZ    the plugin tarball (scripts/package.sh --no-install)
  E2E_LANGUAGES     comma-separated subset of python,typescript,go,yaml (default: all four)
  E2E_REQUIRE_ALL   1: fail the session unless every language ran and passed (scripts/e2e.sh)
  E2E_ALLOW_SKIP    1: do not fail the session because tests were skipped
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from harness import LANGUAGES, OLDEST_PULUMI, OLDEST_RUN, REPO, Moto, Stack, copy_example, runs, selected_languages


def _script_output(*cmd: str) -> str:
    p = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if p.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} failed ({p.returncode}):\n{p.stderr[-4000:]}")
    return p.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def pulumi_bin() -> Path:
    path = os.environ.get("E2E_PULUMI_BIN") or _script_output("scripts/ensure-pulumi.sh")
    p = Path(path)
    assert (p / "pulumi").exists(), f"no pulumi in {p}"
    return p


@pytest.fixture(scope="session")
def oldest_pulumi_bin() -> Path:
    path = os.environ.get("E2E_PULUMI_OLDEST_BIN") or _script_output(
        "scripts/ensure-pulumi.sh", "--version", OLDEST_PULUMI
    )
    p = Path(path)
    assert (p / "pulumi").exists(), f"no pulumi in {p}"
    return p


@pytest.fixture(scope="session")
def node_bin() -> Path:
    return Path(os.environ.get("E2E_NODE_BIN") or _script_output("scripts/ensure-node.sh"))


@pytest.fixture(scope="session")
def plugin_tgz() -> Path:
    path = os.environ.get("E2E_PLUGIN_TGZ") or _script_output("scripts/package.sh", "--no-install")
    p = Path(path)
    assert p.exists(), f"no plugin tarball at {p}"
    return p


@pytest.fixture(scope="session")
def plugin_version(plugin_tgz: Path) -> str:
    m = re.fullmatch(r"pulumi-resource-cognito-v(.+)-[a-z]+-[a-z0-9]+\.tar\.gz", plugin_tgz.name)
    assert m, f"unexpected tarball name {plugin_tgz.name}"
    return m.group(1)


@pytest.fixture(scope="session")
def examples_ready() -> None:
    if not os.environ.get("E2E_PULUMI_BIN"):
        subprocess.run([str(REPO / "examples" / "prepare.sh"), *selected_languages()], check=True)


@pytest.fixture(scope="class", params=runs())
def stack(request, tmp_path_factory, pulumi_bin, oldest_pulumi_bin, node_bin, plugin_tgz, plugin_version,
          examples_ready):
    """A fresh moto, a work copy of examples/<language>, its own PULUMI_HOME with the plugin
    installed from the tarball, a file backend, and stack `dev` configured for moto. The
    param is a language (today's CLI) or `yaml@3.66.0` (the oldest CLI we support)."""
    run = request.param
    language = run.split("@")[0]
    root = tmp_path_factory.mktemp(f"e2e-{run.replace('@', '-')}")
    moto = Moto(root / "moto.log")
    request.addfinalizer(moto.stop)
    copy_example(language, root / "project")
    s = Stack(language, root, oldest_pulumi_bin if run == OLDEST_RUN else pulumi_bin, moto, node_bin)
    s.version = s.run("version").stdout.strip()
    assert s.version == f"v{OLDEST_PULUMI if run == OLDEST_RUN else '3.276.0'}", s.version
    s.run("plugin", "install", "resource", "cognito", plugin_version, "--file", str(plugin_tgz))
    plugins = s.run("plugin", "ls").stdout
    assert re.search(rf"^cognito\s+resource\s+{re.escape(plugin_version)}\b", plugins, re.M), plugins
    s.run("login", f"file://{s.state}")
    s.run("stack", "init", "dev")
    s.run("config", "set", "cognito:region", "us-east-1")
    s.run("config", "set", "cognito:endpoint", moto.url)
    s.run("config", "set", "cognito:accessKey", "testing")
    s.run("config", "set", "--secret", "cognito:secretKey", "testing")
    yield s


# --------------------------------------------------------------------------------------
# Steps of one language run in order. When a step marked `gate` fails (the first `pulumi
# up`), the rest of that language's steps are reported as xfail ("an earlier step failed")
# rather than failing confusingly; other failures do not stop the later steps.
# --------------------------------------------------------------------------------------

_failed_step: dict[tuple[str, str], str] = {}
LAST_STEP = "TestSeedProgram::test_10_destroy_leaves_nothing_in_moto"


def _key(item) -> tuple[str, str] | None:
    if item.get_closest_marker("steps") is None or not hasattr(item, "callspec"):
        return None
    params = item.callspec.params
    # The language of the class's stack fixture (`stack`, `all_stack`, `auth_stack`, ...).
    lang = params.get("stack") or params.get("all_stack") or next(iter(params.values()), None)
    return (item.cls.__name__ if item.cls else item.module.__name__, lang)


def pytest_configure(config):
    config.addinivalue_line("markers", "steps: the tests of this class are consecutive steps on one stack")
    config.addinivalue_line("markers", "gate: later steps make no sense if this step fails")


def pytest_runtest_makereport(item, call):
    key = _key(item)
    if (
        key
        and item.get_closest_marker("gate") is not None
        and call.excinfo is not None
        and not call.excinfo.errisinstance(pytest.xfail.Exception)
    ):
        _failed_step.setdefault(key, item.name)


def pytest_runtest_setup(item):
    key = _key(item)
    if key and key in _failed_step:
        pytest.xfail(f"an earlier step failed: {_failed_step[key]}")


# --------------------------------------------------------------------------------------
# A run that skipped tests, or did not cover every language, does not pass.
# --------------------------------------------------------------------------------------


def pytest_sessionfinish(session, exitstatus):
    if exitstatus != 0:
        return
    tr = session.config.pluginmanager.get_plugin("terminalreporter")
    stats = tr.stats if tr else {}
    passed = stats.get("passed", [])
    problems = []
    if not passed:
        problems.append("no test passed")
    skipped = stats.get("skipped", [])
    if skipped and os.environ.get("E2E_ALLOW_SKIP") != "1":
        problems.append(f"{len(skipped)} test(s) were skipped (set E2E_ALLOW_SKIP=1 to allow)")
    if os.environ.get("E2E_REQUIRE_ALL") == "1":
        # Every language must have gone all the way through its steps.
        for lang in [*LANGUAGES, OLDEST_RUN]:
            if not any(r.nodeid.endswith(f"::{LAST_STEP}[{lang}]") for r in passed):
                problems.append(f"{LAST_STEP}[{lang}] did not pass")
    if problems:
        if tr:
            tr.ensure_newline()
            tr.write_line("e2e: the run does not count as passing: " + "; ".join(problems), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
