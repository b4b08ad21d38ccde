"""Create/Describe/Update/Delete/ListTerms (added)."""

from conftest import MISSING_POOL, expect_error

LINKS = {"cognito:default": "https://example.com/terms", "cognito:french": "https://example.com/fr/terms"}
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def make(idp, pool, client, name="terms-of-use"):
    return idp.create_terms(UserPoolId=pool["Id"], ClientId=client["ClientId"], TermsName=name,
                            TermsSource="LINK", Enforcement="NONE", Links=LINKS)["Terms"]


def test_lifecycle(idp, pool, client):
    t = make(idp, pool, client)
    assert t["ClientId"] == client["ClientId"] and t["Links"] == LINKS
    assert idp.describe_terms(UserPoolId=pool["Id"], TermsId=t["TermsId"])["Terms"]["TermsName"] == "terms-of-use"
    upd = idp.update_terms(UserPoolId=pool["Id"], TermsId=t["TermsId"],
                           Links={"cognito:default": "https://example.com/v2"})["Terms"]
    assert upd["Links"] == {"cognito:default": "https://example.com/v2"} and upd["TermsName"] == "terms-of-use"
    idp.delete_terms(UserPoolId=pool["Id"], TermsId=t["TermsId"])
    expect_error("ResourceNotFoundException", idp.describe_terms, UserPoolId=pool["Id"], TermsId=t["TermsId"])
    expect_error("ResourceNotFoundException", idp.delete_terms, UserPoolId=pool["Id"], TermsId=t["TermsId"])


def test_names_are_unique_per_client(idp, pool, client):
    make(idp, pool, client)
    expect_error("TermsExistsException", make, idp, pool, client)
    other = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="other")["UserPoolClient"]
    make(idp, pool, other)  # another client may use the name
    privacy = make(idp, pool, client, "privacy-policy")
    expect_error("TermsExistsException", idp.update_terms, UserPoolId=pool["Id"], TermsId=privacy["TermsId"],
                 TermsName="terms-of-use")


def test_list_pages(idp, pool, client):
    other = idp.create_user_pool_client(UserPoolId=pool["Id"], ClientName="other")["UserPoolClient"]
    ids = {make(idp, pool, c, n)["TermsId"] for c in (client, other) for n in ("terms-of-use", "privacy-policy")}
    first = idp.list_terms(UserPoolId=pool["Id"], MaxResults=3)
    assert len(first["Terms"]) == 3 and first["NextToken"]
    second = idp.list_terms(UserPoolId=pool["Id"], MaxResults=3, NextToken=first["NextToken"])
    assert "NextToken" not in second
    assert {t["TermsId"] for t in first["Terms"] + second["Terms"]} == ids
    assert set(first["Terms"][0]) == {"TermsId", "TermsName", "Enforcement", "CreationDate", "LastModifiedDate"}


def test_errors(idp, pool, client):
    expect_error("ResourceNotFoundException", idp.list_terms, UserPoolId=MISSING_POOL)
    expect_error("ResourceNotFoundException", idp.create_terms, UserPoolId=pool["Id"], ClientId="nosuchclient",
                 TermsName="terms-of-use", TermsSource="LINK", Enforcement="NONE", Links=LINKS)
    expect_error("ResourceNotFoundException", idp.update_terms, UserPoolId=pool["Id"], TermsId=MISSING_ID,
                 Links=LINKS)
    msg = expect_error("InvalidParameterException", idp.create_terms, UserPoolId=pool["Id"],
                       ClientId=client["ClientId"], TermsName="terms-of-use", TermsSource="LINK",
                       Enforcement="NONE", Links={"klingon": "https://example.com"})
    assert "at 'links.key' failed to satisfy constraint" in msg
    expect_error("InvalidParameterException", idp.list_terms, UserPoolId=pool["Id"], MaxResults=61)
