"""UpdateResourceServer, DeleteResourceServer (added) and ListResourceServers (fixed)."""

from conftest import MISSING_POOL, expect_error

SCOPES = [{"ScopeName": "read", "ScopeDescription": "Read"}, {"ScopeName": "write", "ScopeDescription": "Write"}]


def make(idp, pool_id, identifier="https://api.example.com"):
    return idp.create_resource_server(UserPoolId=pool_id, Identifier=identifier, Name="api",
                                      Scopes=SCOPES)["ResourceServer"]


def test_update_replaces_name_and_scopes(idp, pool):
    make(idp, pool["Id"])
    got = idp.update_resource_server(UserPoolId=pool["Id"], Identifier="https://api.example.com",
                                     Name="renamed", Scopes=SCOPES[:1])["ResourceServer"]
    assert got["Name"] == "renamed" and got["Scopes"] == SCOPES[:1]
    desc = idp.describe_resource_server(UserPoolId=pool["Id"], Identifier="https://api.example.com")
    assert desc["ResourceServer"]["Scopes"] == SCOPES[:1]
    # Scopes left out are removed, as every omitted field of an update.
    got = idp.update_resource_server(UserPoolId=pool["Id"], Identifier="https://api.example.com",
                                     Name="renamed")["ResourceServer"]
    assert "Scopes" not in got


def test_update_not_found_and_validation(idp, pool):
    expect_error("ResourceNotFoundException", idp.update_resource_server,
                 UserPoolId=MISSING_POOL, Identifier="x", Name="n")
    expect_error("ResourceNotFoundException", idp.update_resource_server,
                 UserPoolId=pool["Id"], Identifier="https://nope", Name="n")
    make(idp, pool["Id"])
    msg = expect_error("InvalidParameterException", idp.update_resource_server,
                       UserPoolId=pool["Id"], Identifier="https://api.example.com", Name="bad/name")
    assert "at 'name' failed to satisfy constraint" in msg
    expect_error("InvalidParameterException", idp.update_resource_server,
                 UserPoolId=pool["Id"], Identifier="https://api.example.com", Name="n",
                 Scopes=[SCOPES[0], SCOPES[0]])


def test_delete_then_gone(idp, pool):
    make(idp, pool["Id"])
    idp.delete_resource_server(UserPoolId=pool["Id"], Identifier="https://api.example.com")
    expect_error("ResourceNotFoundException", idp.describe_resource_server,
                 UserPoolId=pool["Id"], Identifier="https://api.example.com")
    expect_error("ResourceNotFoundException", idp.delete_resource_server,
                 UserPoolId=pool["Id"], Identifier="https://api.example.com")
    expect_error("ResourceNotFoundException", idp.delete_resource_server,
                 UserPoolId=MISSING_POOL, Identifier="https://api.example.com")


def test_list_unknown_pool_is_not_found(idp, pool):
    make(idp, pool["Id"])
    assert [r["Identifier"] for r in idp.list_resource_servers(UserPoolId=pool["Id"], MaxResults=10)
            ["ResourceServers"]] == ["https://api.example.com"]
    expect_error("ResourceNotFoundException", idp.list_resource_servers, UserPoolId=MISSING_POOL, MaxResults=10)
