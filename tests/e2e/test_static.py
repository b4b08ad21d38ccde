"""Checks that need no stack: the examples match the seed program, the SDKs are generated
from the current schema.json, and one version runs through every artifact."""

from __future__ import annotations

import json
import re
import subprocess
import tarfile

import grpc
import pytest

from harness import EXAMPLES, LANGUAGES, OUTPUTS, REPO

SOURCES = {
    "python": "__main__.py",
    "typescript": "index.ts",
    "go": "main.go",
    "yaml": "Pulumi.yaml",
}


def test_python_example_is_the_pulumi_aws_program_with_a_new_import():
    """examples/python is tests/e2e/seed/pulumi_aws_main.py (a pulumi_aws program) with only
    the import line and `aws.cognito.` -> `cognito.` changed."""
    seed = (REPO / "tests/e2e/seed/pulumi_aws_main.py").read_text()
    assert "import pulumi_aws as aws\n" in seed
    ported = seed.replace("import pulumi_aws as aws\n", "import pulumi_cognito as cognito\n").replace(
        "aws.cognito.", "cognito."
    )
    assert (EXAMPLES / "python/__main__.py").read_text() == ported


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_example_declares_the_seed_stack(language):
    src = (EXAMPLES / language / SOURCES[language]).read_text()
    for needle in (
        "ai_training_user_pool",
        "ai_training_user_pool_client",
        "ai_training_identity_pool",
        "ADMIN_NO_SRP_AUTH",
        "minLength",
        *OUTPUTS,
    ):
        assert needle in src, f"examples/{language}/{SOURCES[language]} lacks {needle!r}"


def test_sdk_is_generated_from_the_current_schema():
    p = subprocess.run(["scripts/gen-sdk.sh", "--check"], cwd=REPO, capture_output=True, text=True)
    summary = [l for l in p.stderr.splitlines() if l.startswith(("Files ", "Only in ", "gen-sdk: error"))]
    assert p.returncode == 0, "\n".join(summary or p.stderr.splitlines()[-40:])


def test_one_version_everywhere(plugin_tgz, plugin_version, tmp_path):
    cargo = re.search(r'^\[package\][^\[]*?^version\s*=\s*"([^"]+)"', (REPO / "Cargo.toml").read_text(), re.M | re.S)
    version = cargo.group(1)
    found = {
        "plugin tarball name": plugin_version,
        "schema.json": json.loads((REPO / "schema.json").read_text())["version"],
        "sdk/python/pyproject.toml": re.search(r'^\s*version = "([^"]+)"', (REPO / "sdk/python/pyproject.toml").read_text(), re.M).group(1),
        "sdk/python/pulumi_cognito/pulumi-plugin.json": json.loads(
            (REPO / "sdk/python/pulumi_cognito/pulumi-plugin.json").read_text()
        )["version"],
        "sdk/nodejs/package.json": json.loads((REPO / "sdk/nodejs/package.json").read_text())["version"],
        "sdk/go/cognito/pulumi-plugin.json": json.loads(
            (REPO / "sdk/go/cognito/pulumi-plugin.json").read_text()
        )["version"],
    }
    # GetPluginInfo of the binary inside the tarball.
    with tarfile.open(plugin_tgz) as tf:
        assert tf.getnames() == ["pulumi-resource-cognito"], tf.getnames()
        tf.extractall(tmp_path)
    found["GetPluginInfo"] = _plugin_info_version(tmp_path / "pulumi-resource-cognito")
    assert found == {k: version for k in found}, f"Cargo.toml says {version}"


def _plugin_info_version(binary) -> str:
    from google.protobuf import empty_pb2
    from pulumi.runtime.proto import provider_pb2_grpc

    proc = subprocess.Popen([str(binary)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    try:
        port = int(proc.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as ch:
            grpc.channel_ready_future(ch).result(timeout=30)
            info = provider_pb2_grpc.ResourceProviderStub(ch).GetPluginInfo(empty_pb2.Empty(), timeout=30)
        return info.version
    finally:
        proc.kill()
        proc.wait(timeout=10)


# --------------------------------------------------------------------------------------
# The seed really is a pulumi_aws program, and the Python example registers the very same
# inputs with pulumi_cognito: both run under Pulumi's mocks (no engine, no AWS).
# --------------------------------------------------------------------------------------

PULUMI_AWS = "7.51.1"  # as tests/parity
AWS_TYPES = {
    "aws:cognito/userPool:UserPool": "cognito:index:UserPool",
    "aws:cognito/userPoolClient:UserPoolClient": "cognito:index:UserPoolClient",
    "aws:cognito/identityPool:IdentityPool": "cognito:index:IdentityPool",
    "aws:cognito/userGroup:UserGroup": "cognito:index:UserGroup",
    "aws:cognito/user:User": "cognito:index:User",
    "aws:cognito/userInGroup:UserInGroup": "cognito:index:UserInGroup",
    "aws:cognito/identityPoolRoleAttachment:IdentityPoolRoleAttachment": "cognito:index:IdentityPoolRoleAttachment",
    "aws:cognito/userPoolDomain:UserPoolDomain": "cognito:index:UserPoolDomain",
    "aws:cognito/resourceServer:ResourceServer": "cognito:index:ResourceServer",
}

MOCK_RUNNER = r'''
import json, runpy, sys
import pulumi

recorded = []

class Mocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        recorded.append({"type": args.typ, "name": args.name, "inputs": args.inputs})
        outs = dict(args.inputs)
        if args.typ.endswith("UserPool"):
            outs["endpoint"] = "cognito-idp.us-east-1.amazonaws.com/" + args.name + "-id"
        return [args.name + "-id", outs]

    def call(self, args):
        return {}

pulumi.runtime.set_mocks(Mocks(), project="seed", stack="dev", preview=False)
g = runpy.run_path(sys.argv[1])

@pulumi.runtime.test
def settle():
    return pulumi.Output.all(*[g[n].id for n in (
        "ai_training_user_pool", "ai_training_user_pool_client", "ai_training_identity_pool")])

settle()
print(json.dumps(sorted(recorded, key=lambda r: r["name"]), sort_keys=True))
'''


@pytest.fixture(scope="module")
def pulumi_aws_path(tmp_path_factory):
    import os
    import sys
    import zipfile
    from pathlib import Path

    cache = Path(os.environ.get("PULUMI_COGNITO_CACHE", Path.home() / ".cache" / "pulumi-cognito")) / "wheels"
    cache.mkdir(parents=True, exist_ok=True)
    found = list(cache.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(cache),
                        f"pulumi-aws=={PULUMI_AWS}"], check=True)
        found = list(cache.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    assert found, "pulumi-aws wheel not downloaded"
    dest = tmp_path_factory.mktemp("pulumi_aws")
    with zipfile.ZipFile(found[0]) as z:
        # The package's top level, the cognito and config modules, the metadata, and the
        # other subpackages' __init__.py (the top level lazy-imports them; never executed).
        z.extractall(dest, [n for n in z.namelist() if n.count("/") == 1 or
                            (n.count("/") == 2 and n.endswith("/__init__.py")) or
                            n.startswith(("pulumi_aws/cognito/", "pulumi_aws/config/"))])
    return dest


def _run_under_mocks(python, program, pythonpath, tmp_path):
    import os

    runner = tmp_path / "mock_runner.py"
    runner.write_text(MOCK_RUNNER)
    env = {**os.environ, "PYTHONPATH": str(pythonpath or "")}
    p = subprocess.run([str(python), str(runner), str(program)], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=300)
    assert p.returncode == 0, p.stderr[-4000:]
    return json.loads(p.stdout.strip().splitlines()[-1])


def test_seed_is_a_pulumi_aws_program_and_the_example_registers_the_same_inputs(
    pulumi_aws_path, examples_ready, tmp_path
):
    import sys

    # pulumi_aws with this suite's pulumi; the example with its own venv (pulumi 3.2xx and
    # the pulumi_cognito SDK installed from sdk/python).
    aws = _run_under_mocks(sys.executable, REPO / "tests/e2e/seed/pulumi_aws_main.py", pulumi_aws_path, tmp_path)
    ours = _run_under_mocks(EXAMPLES / "python/venv/bin/python", EXAMPLES / "python/__main__.py", None, tmp_path)
    assert {r["type"] for r in aws} == set(AWS_TYPES), aws
    translated = [{**r, "type": AWS_TYPES[r["type"]]} for r in aws]
    assert translated == ours
    (pool,) = [r for r in ours if r["name"] == "ai_training_user_pool"]
    assert pool["inputs"]["passwordPolicy"] == {
        "minimumLength": 8, "requireLowercase": True, "requireNumbers": True,
        "requireSymbols": True, "requireUppercase": True,
    }
