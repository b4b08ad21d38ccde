"""The generated SDKs as a user's setup meets them: installed with today's tools, on the
Python and Node versions users run, and type-checked the way their editors and CI do.

- `pip install sdk/python` into fresh venvs on Python 3.11 and on 3.12 or later, with the
  latest setuptools and a `pulumi` CLI on PATH but no plugin installed (a setup.py install
  hook that runs `pulumi plugin install` used to fail the wheel build), then import it
  (`pkg_resources`, gone from setuptools 82 on, used to fail the import);
- mypy accepts the seed program written with `...ArgsDict` dicts and rejects a misspelt key;
- the TypeScript example compiles with `tsc --strict` against @pulumi/pulumi 3.270 or later
  on Node 22, with a module resolution TypeScript 6 does not reject;
- the Go example builds and vets against github.com/pulumi/pulumi/sdk/v3 v3.276.0.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from harness import EXAMPLES, REPO, clean_env

PIP_TIMEOUT = 900


def _python(version: str) -> str | None:
    """An interpreter of `version` ("3.11") or, for "3.12+", of 3.12 or later."""
    if version == "3.12+":
        cands = ["python3.13", "python3.12", *sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[23]*/bin/python3")), reverse=True)]
    else:
        cands = [f"python{version}", *glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}*/bin/python3"))]
    for c in cands:
        exe = shutil.which(c) or (c if os.path.exists(c) else None)
        if not exe:
            continue
        p = subprocess.run([exe, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"], capture_output=True, text=True)
        got = p.stdout.strip()
        if p.returncode == 0 and (got == version or (version == "3.12+" and tuple(map(int, got.split("."))) >= (3, 12))):
            return exe
    return None


def _run(cmd, **kw) -> subprocess.CompletedProcess:
    p = subprocess.run(cmd, capture_output=True, text=True, **kw)
    assert p.returncode == 0, f"{' '.join(map(str, cmd))} failed ({p.returncode}):\n{p.stdout[-3000:]}\n{p.stderr[-3000:]}"
    return p


@pytest.fixture(scope="module", params=["3.11", "3.12+"])
def sdk_venv(request, tmp_path_factory, pulumi_bin):
    """A fresh venv with the latest pip and setuptools and `pip install sdk/python`, run with
    a pulumi CLI on PATH and an empty PULUMI_HOME (no plugin installed)."""
    python = _python(request.param)
    if python is None:
        pytest.fail(f"no Python {request.param} on this machine (pyenv or PATH)")
    root = tmp_path_factory.mktemp(f"sdk-py{request.param.replace('+', 'plus')}")
    venv = root / "venv"
    _run([python, "-m", "venv", str(venv)])
    py = venv / "bin" / "python"
    env = {**clean_env(), "PATH": f"{pulumi_bin}{os.pathsep}{os.environ['PATH']}", "PULUMI_HOME": str(root / "home"),
           "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PULUMI_SKIP_UPDATE_CHECK": "1"}
    _run([py, "-m", "pip", "install", "--quiet", "--upgrade", "pip", "setuptools"], env=env, timeout=PIP_TIMEOUT)
    # A copy, so that the build leaves nothing in the work tree.
    src = root / "sdk-python"
    shutil.copytree(REPO / "sdk/python", src, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    _run([py, "-m", "pip", "install", "--quiet", str(src)], env=env, timeout=PIP_TIMEOUT)
    assert not (root / "home" / "plugins").exists() or not any((root / "home" / "plugins").iterdir()), \
        "installing the SDK tried to install the plugin"
    return py, env


def test_pip_install_and_import_with_the_latest_setuptools(sdk_venv):
    py, env = sdk_venv
    setuptools = _run([py, "-c", "import setuptools; print(setuptools.__version__)"], env=env).stdout.strip()
    assert int(setuptools.split(".")[0]) >= 82, f"setuptools {setuptools} is not one without pkg_resources"
    out = _run([py, "-c", "import importlib.metadata as m, pulumi_cognito; "
                          "print(pulumi_cognito.UserPool.__name__, m.version('pulumi'))"], env=env).stdout.split()
    assert out[0] == "UserPool"
    assert tuple(map(int, out[1].split(".")[:2])) >= (3, 142), f"pulumi {out[1]} is older than the SDK's floor"


SEED_WITH_DICTS = '''
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("ai_training_user_pool",
    password_policy={
        "minimum_length": 12,
        "require_lowercase": True,
        "require_numbers": True,
        "require_symbols": True,
        "require_uppercase": True,
    })
client = cognito.UserPoolClient("ai_training_user_pool_client",
    user_pool_id=pool.id,
    explicit_auth_flows=["ADMIN_NO_SRP_AUTH"],
    generate_secret=True)
ids = cognito.IdentityPool("ai_training_identity_pool",
    identity_pool_name="ai_training_identity_pool",
    allow_unauthenticated_identities=False,
    cognito_identity_providers=[{
        "client_id": client.id,
        "provider_name": pool.endpoint,
    }])
pulumi.export("user_pool_id", pool.id)
'''


def test_mypy_checks_args_dicts(sdk_venv, tmp_path):
    py, env = sdk_venv
    _run([py, "-m", "pip", "install", "--quiet", "mypy"], env=env, timeout=PIP_TIMEOUT)
    good = tmp_path / "good.py"
    good.write_text(SEED_WITH_DICTS)
    p = subprocess.run([py, "-m", "mypy", "--strict", "--no-incremental", "--ignore-missing-imports", str(good)],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stdout[-3000:]
    bad = tmp_path / "bad.py"
    bad.write_text(SEED_WITH_DICTS.replace('"minimum_length"', '"minimum_lenght"'))
    p = subprocess.run([py, "-m", "mypy", "--strict", "--no-incremental", "--ignore-missing-imports", str(bad)],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode != 0, "mypy accepted a misspelt key"
    # The error is on the misspelt dict (line 5), which matches no overload of UserPool.
    assert "bad.py:5: error" in p.stdout and '"UserPool"' in p.stdout, p.stdout[-3000:]


def test_typescript_example_compiles_strict_on_node_22(examples_ready, node_bin):
    ex = EXAMPLES / "typescript"
    if not (ex / "node_modules").exists():
        pytest.fail("examples/typescript/node_modules is missing: run examples/prepare.sh typescript")
    env = {**os.environ, "PATH": f"{node_bin}{os.pathsep}{os.environ['PATH']}"}
    node = _run(["node", "--version"], env=env).stdout.strip()
    assert node.startswith("v22."), node
    sdk = json.loads((ex / "node_modules/@pulumi/pulumi/package.json").read_text())["version"]
    assert tuple(map(int, sdk.split(".")[:2])) >= (3, 270), f"@pulumi/pulumi {sdk}"
    tsc_version = _run([str(ex / "node_modules/.bin/tsc"), "--version"], env=env).stdout
    cfg = json.loads((ex / "tsconfig.json").read_text())["compilerOptions"]
    # TypeScript 6 rejects the `node` (node10) and `classic` resolutions.
    assert cfg["moduleResolution"].lower() in {"node16", "nodenext", "bundler"}, cfg
    _run([str(ex / "node_modules/.bin/tsc"), "--strict", "--noEmit", "-p", str(ex)], env=env)
    # The generated SDK types optional inputs as Input<T | undefined> and declares its outputs.
    src = (REPO / "sdk/nodejs/userPool.ts").read_text()
    assert "pulumi.Input<string | undefined>" in src, tsc_version
    assert "declare public /*out*/ readonly arn: pulumi.Output<string>;" in src


def test_go_example_builds_and_vets_against_sdk_v3_276(tmp_path):
    mod = (EXAMPLES / "go/go.mod").read_text()
    assert re.search(r"github.com/pulumi/pulumi/sdk/v3 v3\.276\.0\b", mod), mod
    dest = tmp_path / "go"
    shutil.copytree(EXAMPLES / "go", dest)
    env = {**os.environ, "GOTOOLCHAIN": "local", "GOWORK": "off", "GOFLAGS": "-mod=mod"}
    _run(["go", "mod", "edit", "-replace", f"github.com/pulumi-cognito/pulumi-cognito/sdk={REPO / 'sdk'}"], cwd=dest, env=env)
    _run(["go", "build", "./..."], cwd=dest, env=env, timeout=PIP_TIMEOUT)
    _run(["go", "vet", "./..."], cwd=dest, env=env, timeout=PIP_TIMEOUT)
    # Today's codegen registers the resources with the package version (the internal package).
    assert (REPO / "sdk/go/cognito/internal/pulumiUtilities.go").exists()
