"""Parity with pulumi_aws.cognito: every input and output name of each resource in RESOURCES,
and every field of their nested types, exists in our schema.json. Terms, which pulumi-aws lacks,
is held to CloudFormation's AWS::Cognito::Terms. The functions in FUNCTIONS (every
`pulumi_aws.cognito.get_*`) are held to their argument and result names, and the fields of
their nested result types.

The reference is the pulumi-aws wheel from PyPI (pinned below), downloaded once into a
cache outside the repo and read with `ast` (never imported)."""

import ast
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

PULUMI_AWS = "7.51.1"
REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("PULUMI_COGNITO_CACHE", Path.home() / ".cache" / "pulumi-cognito")) / "wheels"
RESOURCES = {"UserPool": "user_pool.py", "UserPoolClient": "user_pool_client.py", "IdentityPool": "identity_pool.py",
              "UserGroup": "user_group.py", "User": "user.py", "UserInGroup": "user_in_group.py",
             "ResourceServer": "resource_server.py", "UserPoolDomain": "user_pool_domain.py",
             "IdentityProvider": "identity_provider.py",
             "IdentityPoolRoleAttachment": "identity_pool_role_attachment.py",
             "IdentityPoolProviderPrincipalTag": "identity_pool_provider_principal_tag.py",
             "ManagedLoginBranding": "managed_login_branding.py",
             "UserPoolUICustomization": "user_pool_ui_customization.py",
             "ManagedUserPoolClient": "managed_user_pool_client.py",
             "RiskConfiguration": "risk_configuration.py",
             "LogDeliveryConfiguration": "log_delivery_configuration.py"}
# Enough inputs that reading pulumi-aws's Args class cannot silently find too few.
MIN_INPUTS = {"UserGroup": 6, "UserInGroup": 4, "ResourceServer": 5, "UserPoolDomain": 5,
              "IdentityProvider": 7, "IdentityPoolRoleAttachment": 4, "IdentityPoolProviderPrincipalTag": 5,
              "ManagedLoginBranding": 6, "UserPoolUICustomization": 5,
              "RiskConfiguration": 6, "LogDeliveryConfiguration": 3}


def camel(s):
    head, *rest = s.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


@pytest.fixture(scope="module")
def wheel():
    CACHE.mkdir(parents=True, exist_ok=True)
    found = list(CACHE.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    if not found:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(CACHE),
                        f"pulumi-aws=={PULUMI_AWS}"], check=True)
        found = list(CACHE.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    assert found, "pulumi-aws wheel not downloaded"
    z = zipfile.ZipFile(found[0])
    return {name: ast.parse(z.read(f"pulumi_aws/cognito/{name}").decode())
            for name in list(RESOURCES.values()) + ["_inputs.py"]}


def classes(tree):
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def getters(cls):
    """Property name -> annotation text, from @pulumi.getter methods (not setters)."""
    out = {}
    for f in cls.body:
        if not isinstance(f, ast.FunctionDef):
            continue
        for d in f.decorator_list:
            call = d if isinstance(d, ast.Call) else None
            target = call.func if call else d
            if ast.unparse(target) != "pulumi.getter":
                continue
            name = camel(f.name)
            if call:
                for kw in call.keywords:
                    if kw.arg == "name":
                        name = kw.value.value
            out[name] = ast.unparse(f.returns) if f.returns else ""
    return out


def nested(annotation):
    """Nested `...Args` type names mentioned in an annotation."""
    words = annotation.replace("[", " ").replace("]", " ").replace(",", " ").replace("'", " ").replace('"', " ").split()
    return {w.split(".")[-1][: -len("Args")] for w in words if w.endswith("Args")}


@pytest.fixture(scope="module")
def schema():
    return json.loads((REPO / "schema.json").read_text())


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_inputs_and_outputs(wheel, schema, resource):
    cls = classes(wheel[RESOURCES[resource]])
    theirs_in = getters(cls[f"{resource}Args"])
    theirs_state = getters(cls[f"_{resource}State"])
    assert len(theirs_in) >= MIN_INPUTS.get(resource, 10), f"reading {resource}Args found too little: {theirs_in}"
    ours = schema["resources"][f"cognito:index:{resource}"]
    missing_in = sorted(set(theirs_in) - set(ours["inputProperties"]))
    missing_out = sorted(set(theirs_state) - set(ours["properties"]))
    assert not missing_in, f"{resource} lacks inputs {missing_in}"
    assert not missing_out, f"{resource} lacks outputs {missing_out}"


@pytest.mark.parametrize("resource", sorted(RESOURCES))
def test_nested_types(wheel, schema, resource):
    inputs = classes(wheel["_inputs.py"])
    cls = classes(wheel[RESOURCES[resource]])
    todo = set()
    for ann in getters(cls[f"{resource}Args"]).values():
        todo |= nested(ann)
    seen, problems = set(), []
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        fields = getters(inputs[f"{name}Args"])
        ours = schema["types"].get(f"cognito:index:{name}")
        if ours is None:
            problems.append(f"type {name} is missing")
            continue
        lacking = sorted(set(fields) - set(ours["properties"]))
        if lacking:
            problems.append(f"{name} lacks {lacking}")
        for ann in fields.values():
            todo |= nested(ann)
    assert not problems, "; ".join(problems)


# AWS::Cognito::Terms as the CloudFormation Template Reference documents it
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cognito-terms.html):
# its Properties, and its return value (Fn::GetAtt). pulumi-aws has no Terms resource, so
# this list is the reference; our names are these in camelCase.
CFN_TERMS_PROPERTIES = ["ClientId", "Enforcement", "Links", "TermsName", "TermsSource", "UserPoolId"]
CFN_TERMS_ATTRIBUTES = ["TermsId"]


def cfn_camel(name):
    return name[:1].lower() + name[1:]


def test_terms_against_cloudformation(schema):
    ours = schema["resources"]["cognito:index:Terms"]
    missing_in = sorted(cfn_camel(p) for p in CFN_TERMS_PROPERTIES if cfn_camel(p) not in ours["inputProperties"])
    missing_out = sorted(cfn_camel(a) for a in CFN_TERMS_ATTRIBUTES + CFN_TERMS_PROPERTIES
                         if cfn_camel(a) not in ours["properties"])
    assert not missing_in, f"Terms lacks inputs {missing_in}"
    assert not missing_out, f"Terms lacks outputs {missing_out}"
    # Nothing of our own beyond CloudFormation's names but the per-resource region.
    extra = sorted(set(ours["inputProperties"]) - {cfn_camel(p) for p in CFN_TERMS_PROPERTIES} - {"region"})
    assert not extra, f"Terms has inputs CloudFormation does not: {extra}"


# Provider configuration for tags: pulumi-aws's `defaultTags` (a `ProviderDefaultTags` among
# the provider's inputs, the config module's `defaultTags` type among the config variables),
# with the same fields. Taggable resources are those with `tagsAll` in pulumi-aws.
def test_default_tags_config(wheel, schema):  # `wheel` downloads it if needed
    z = zipfile.ZipFile(next(CACHE.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl")))
    provider = classes(ast.parse(z.read("pulumi_aws/provider.py").decode()))
    inputs = classes(ast.parse(z.read("pulumi_aws/_inputs.py").decode()))
    config_types = classes(ast.parse(z.read("pulumi_aws/config/outputs.py").decode()))
    vars_ = classes(ast.parse(z.read("pulumi_aws/config/vars.py").decode()))
    assert "defaultTags" in getters(provider["ProviderArgs"])
    assert "ProviderDefaultTags" in nested(getters(provider["ProviderArgs"])["defaultTags"])
    theirs = set(getters(inputs["ProviderDefaultTagsArgs"]))
    assert theirs == {"tags"}
    assert any(f.name == "default_tags" for f in vars_["_ExportableConfig"].body if isinstance(f, ast.FunctionDef))
    assert set(getters(config_types["DefaultTags"])) == theirs

    ref = schema["provider"]["inputProperties"]["defaultTags"]["$ref"]
    assert ref == "#/types/cognito:index:ProviderDefaultTags"
    assert set(schema["types"]["cognito:index:ProviderDefaultTags"]["properties"]) == theirs
    var = schema["config"]["variables"]["defaultTags"]["$ref"]
    assert set(schema["types"][var[len("#/types/"):]]["properties"]) == theirs
    tags = schema["types"]["cognito:index:ProviderDefaultTags"]["properties"]["tags"]
    assert tags == {**tags, "type": "object", "additionalProperties": {"type": "string"}}


def test_taggable_resources_match(wheel, schema):
    # Every pulumi-aws Cognito resource we have with `tagsAll` has it here, and no other.
    for resource, module in RESOURCES.items():
        theirs = "tagsAll" in getters(classes(wheel[module])[f"_{resource}State"])
        ours = schema["resources"][f"cognito:index:{resource}"]["properties"]
        assert ("tagsAll" in ours) == theirs, resource
        if theirs:
            assert "tags" in ours and "tagsAll" not in schema["resources"][f"cognito:index:{resource}"]["inputProperties"]


# The functions (Invoke): pulumi_aws.cognito.get_<name>(...) against our `functions` section.
FUNCTIONS = {"getUserPool": "get_user_pool.py", "getUserPools": "get_user_pools.py",
             "getUserPoolClient": "get_user_pool_client.py", "getUserPoolClients": "get_user_pool_clients.py",
             "getUserPoolSigningCertificate": "get_user_pool_signing_certificate.py",
             "getUserGroup": "get_user_group.py", "getUserGroups": "get_user_groups.py",
             "getIdentityPool": "get_identity_pool.py"}


@pytest.fixture(scope="module")
def function_sources(wheel):
    found = list(CACHE.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    z = zipfile.ZipFile(found[0])
    return {name: ast.parse(z.read(f"pulumi_aws/cognito/{name}").decode())
            for name in list(FUNCTIONS.values()) + ["outputs.py"]}


def function_args(tree, fn):
    """The argument names pulumi-aws sends: the `__args__['x'] = ...` keys of get_<fn>()."""
    snake = "".join("_" + c.lower() if c.isupper() else c for c in fn)
    func = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == snake)
    keys = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Subscript) and ast.unparse(t.value) == "__args__":
                    keys.add(t.slice.value)
    return keys


def result_types(annotation):
    """Nested `...Result` output type names mentioned in an annotation."""
    words = annotation.replace("[", " ").replace("]", " ").replace(",", " ").replace("'", " ").replace('"', " ").split()
    return {w.split(".")[-1][: -len("Result")] for w in words if w.endswith("Result")}


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_function_inputs_and_outputs(function_sources, schema, function):
    tree = function_sources[FUNCTIONS[function]]
    name = function[:1].upper() + function[1:]
    theirs_in = function_args(tree, function)
    theirs_out = getters(classes(tree)[f"{name}Result"])
    assert theirs_in and len(theirs_out) >= 4, f"reading {function} found too little: {theirs_in} {theirs_out}"
    ours = schema["functions"][f"cognito:index:{function}"]
    missing_in = sorted(theirs_in - set(ours["inputs"]["properties"]))
    missing_out = sorted(set(theirs_out) - set(ours["outputs"]["properties"]))
    assert not missing_in, f"{function} lacks inputs {missing_in}"
    assert not missing_out, f"{function} lacks outputs {missing_out}"


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_function_nested_types(function_sources, schema, function):
    outputs = classes(function_sources["outputs.py"])
    name = function[:1].upper() + function[1:]
    todo = set()
    for ann in getters(classes(function_sources[FUNCTIONS[function]])[f"{name}Result"]).values():
        todo |= result_types(ann)
    seen, problems = set(), []
    while todo:
        t = todo.pop()
        if t in seen:
            continue
        seen.add(t)
        fields = getters(outputs[f"{t}Result"])
        ours = schema["types"].get(f"cognito:index:{t}")
        if ours is None:
            problems.append(f"type {t} is missing")
            continue
        lacking = sorted(set(fields) - set(ours["properties"]))
        if lacking:
            problems.append(f"{t} lacks {lacking}")
        for ann in fields.values():
            todo |= result_types(ann)
    assert not problems, "; ".join(problems)


def test_every_pulumi_aws_function_is_covered(function_sources):
    found = list(CACHE.glob(f"pulumi_aws-{PULUMI_AWS}-*.whl"))
    names = zipfile.ZipFile(found[0]).namelist()
    theirs = sorted(n.rsplit("/", 1)[1] for n in names
                    if n.startswith("pulumi_aws/cognito/get_") and n.endswith(".py"))
    assert theirs == sorted(FUNCTIONS.values())
