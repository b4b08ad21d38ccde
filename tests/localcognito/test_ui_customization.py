"""SetUICustomization and GetUICustomization (added)."""

import base64

from conftest import MISSING_POOL, expect_error

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
NO_DOMAIN = "There has to be an existing domain associated with this user pool"


def test_needs_a_domain(idp, pool, client):
    assert expect_error("InvalidParameterException", idp.set_ui_customization,
                        UserPoolId=pool["Id"], CSS=".a{}") == NO_DOMAIN
    assert expect_error("InvalidParameterException", idp.get_ui_customization,
                        UserPoolId=pool["Id"], ClientId=client["ClientId"]) == NO_DOMAIN


def test_nothing_set_is_an_empty_object(idp, pool, domain):
    assert idp.get_ui_customization(UserPoolId=pool["Id"])["UICustomization"] == {}


def test_pool_default_and_client_override(idp, pool, client, domain):
    other = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="other")["UserPoolClient"]
    all_ = idp.set_ui_customization(UserPoolId=pool["Id"], CSS=".label-customizable{color:red}")["UICustomization"]
    assert all_["ClientId"] == "ALL" and all_["CSS"] == ".label-customizable{color:red}"
    assert all_["CSSVersion"]
    mine = idp.set_ui_customization(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                                    ImageFile=PNG)["UICustomization"]
    assert mine["ClientId"] == client["ClientId"] and mine["ImageUrl"].startswith("https://")
    assert "CSS" not in mine
    assert idp.get_ui_customization(UserPoolId=pool["Id"], ClientId=client["ClientId"])["UICustomization"] \
        ["ImageUrl"] == mine["ImageUrl"]
    # A client without settings of its own gets the pool's.
    assert idp.get_ui_customization(UserPoolId=pool["Id"], ClientId=other["ClientId"])["UICustomization"] \
        ["ClientId"] == "ALL"
    assert idp.get_ui_customization(UserPoolId=pool["Id"], ClientId="ALL")["UICustomization"]["CSS"] \
        == ".label-customizable{color:red}"


def test_css_version_survives_removal(idp, pool, domain):
    v = idp.set_ui_customization(UserPoolId=pool["Id"], CSS=".a{}")["UICustomization"]["CSSVersion"]
    after = idp.set_ui_customization(UserPoolId=pool["Id"])["UICustomization"]
    assert "CSS" not in after and after["CSSVersion"] == v
    assert idp.get_ui_customization(UserPoolId=pool["Id"])["UICustomization"]["CSSVersion"] == v


def test_errors(idp, pool, domain):
    expect_error("ResourceNotFoundException", idp.set_ui_customization, UserPoolId=MISSING_POOL, CSS=".a{}")
    expect_error("ResourceNotFoundException", idp.get_ui_customization, UserPoolId=MISSING_POOL)
    expect_error("ResourceNotFoundException", idp.set_ui_customization, UserPoolId=pool["Id"],
                 ClientId="nosuchclient", CSS=".a{}")
    expect_error("InvalidParameterException", idp.set_ui_customization, UserPoolId=pool["Id"],
                 ImageFile=b"GIF89a not a png")
    expect_error("InvalidParameterException", idp.set_ui_customization, UserPoolId=pool["Id"],
                 ImageFile=b"\x89PNG\r\n\x1a\n" + b"\x00" * 140000)


def test_deleting_the_client_drops_its_settings(idp, pool, client, domain):
    idp.set_ui_customization(UserPoolId=pool["Id"], ClientId=client["ClientId"], CSS=".b{}")
    idp.delete_user_pool_client(UserPoolId=pool["Id"], ClientId=client["ClientId"])
    expect_error("ResourceNotFoundException", idp.get_ui_customization, UserPoolId=pool["Id"],
                 ClientId=client["ClientId"])
    assert base64  # imported for readers who want to build ImageFile by hand
