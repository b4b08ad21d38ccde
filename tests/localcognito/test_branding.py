"""Create/Describe/DescribeByClient/Update/DeleteManagedLoginBranding (added)."""

import base64

from conftest import MISSING_POOL, expect_error

SVG = base64.b64encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>")
ASSET = {"Category": "PAGE_HEADER_LOGO", "ColorMode": "LIGHT", "Extension": "SVG", "Bytes": base64.b64decode(SVG)}
SETTINGS = {"components": {"pageHeader": {"backgroundColor": "ffffffff"}, "form": {"borderRadius": 8}}}
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def test_lifecycle(idp, pool, client):
    made = idp.create_managed_login_branding(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                                             Settings=SETTINGS, Assets=[ASSET])["ManagedLoginBranding"]
    bid = made["ManagedLoginBrandingId"]
    assert made["UserPoolId"] == pool["Id"] and made["UseCognitoProvidedValues"] is False
    assert made["Settings"] == SETTINGS and made["Assets"][0]["Category"] == "PAGE_HEADER_LOGO"
    assert idp.describe_managed_login_branding(UserPoolId=pool["Id"], ManagedLoginBrandingId=bid) \
        ["ManagedLoginBranding"]["Settings"] == SETTINGS
    by_client = idp.describe_managed_login_branding_by_client(UserPoolId=pool["Id"], ClientId=client["ClientId"])
    assert by_client["ManagedLoginBranding"]["ManagedLoginBrandingId"] == bid
    # Update keeps what it does not mention.
    upd = idp.update_managed_login_branding(
        UserPoolId=pool["Id"], ManagedLoginBrandingId=bid,
        Settings={"components": {"form": {"borderRadius": 4}}},
        Assets=[dict(ASSET, ColorMode="DARK")])["ManagedLoginBranding"]
    assert upd["Settings"] == {"components": {"pageHeader": {"backgroundColor": "ffffffff"},
                                              "form": {"borderRadius": 4}}}
    assert sorted(a["ColorMode"] for a in upd["Assets"]) == ["DARK", "LIGHT"]
    # Back to Cognito's defaults.
    back = idp.update_managed_login_branding(UserPoolId=pool["Id"], ManagedLoginBrandingId=bid,
                                             UseCognitoProvidedValues=True)["ManagedLoginBranding"]
    assert back["UseCognitoProvidedValues"] is True and back["Assets"] == [] and "Settings" not in back
    idp.delete_managed_login_branding(UserPoolId=pool["Id"], ManagedLoginBrandingId=bid)
    expect_error("ResourceNotFoundException", idp.describe_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId=bid)
    expect_error("ResourceNotFoundException", idp.describe_managed_login_branding_by_client,
                 UserPoolId=pool["Id"], ClientId=client["ClientId"])
    expect_error("ResourceNotFoundException", idp.delete_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId=bid)


def test_one_per_client(idp, pool, client):
    idp.create_managed_login_branding(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                                      UseCognitoProvidedValues=True)
    expect_error("ManagedLoginBrandingExistsException", idp.create_managed_login_branding,
                 UserPoolId=pool["Id"], ClientId=client["ClientId"], UseCognitoProvidedValues=True)


def test_errors(idp, pool, client):
    expect_error("ResourceNotFoundException", idp.create_managed_login_branding,
                 UserPoolId=MISSING_POOL, ClientId=client["ClientId"])
    expect_error("ResourceNotFoundException", idp.create_managed_login_branding,
                 UserPoolId=pool["Id"], ClientId="nosuchclient")
    expect_error("ResourceNotFoundException", idp.describe_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId=MISSING_ID)
    expect_error("ResourceNotFoundException", idp.update_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId=MISSING_ID, UseCognitoProvidedValues=True)
    expect_error("InvalidParameterException", idp.create_managed_login_branding,
                 UserPoolId=pool["Id"], ClientId=client["ClientId"], UseCognitoProvidedValues=True,
                 Settings=SETTINGS)
    msg = expect_error("InvalidParameterException", idp.create_managed_login_branding,
                       UserPoolId=pool["Id"], ClientId=client["ClientId"],
                       Assets=[dict(ASSET, Extension="GIF")])
    assert "enum value set: [ICO, JPEG, PNG, SVG, WEBP]" in msg
    expect_error("InvalidParameterException", idp.describe_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId="not-a-uuid")


def test_deleting_the_client_deletes_its_branding(idp, pool, client):
    bid = idp.create_managed_login_branding(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                                            UseCognitoProvidedValues=True)["ManagedLoginBranding"] \
        ["ManagedLoginBrandingId"]
    idp.delete_user_pool_client(UserPoolId=pool["Id"], ClientId=client["ClientId"])
    expect_error("ResourceNotFoundException", idp.describe_managed_login_branding,
                 UserPoolId=pool["Id"], ManagedLoginBrandingId=bid)
