"""SetRiskConfiguration and DescribeRiskConfiguration (added)."""

from conftest import MISSING_POOL, expect_error

TAKEOVER = {
    "NotifyConfiguration": {"SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/a@example.com",
                            "From": "a@example.com"},
    "Actions": {"HighAction": {"Notify": True, "EventAction": "BLOCK"},
                "LowAction": {"Notify": False, "EventAction": "NO_ACTION"}},
}


def test_event_filter_defaults_to_all_events(idp, pool):
    got = idp.set_risk_configuration(
        UserPoolId=pool["Id"], CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}},
        AccountTakeoverRiskConfiguration=TAKEOVER)["RiskConfiguration"]
    assert got["CompromisedCredentialsRiskConfiguration"]["EventFilter"] == ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]
    assert got["AccountTakeoverRiskConfiguration"] == TAKEOVER
    desc = idp.describe_risk_configuration(UserPoolId=pool["Id"])["RiskConfiguration"]
    assert desc["CompromisedCredentialsRiskConfiguration"]["EventFilter"] == ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]
    given = idp.set_risk_configuration(
        UserPoolId=pool["Id"], CompromisedCredentialsRiskConfiguration={
            "EventFilter": ["SIGN_UP"], "Actions": {"EventAction": "NO_ACTION"}})["RiskConfiguration"]
    assert given["CompromisedCredentialsRiskConfiguration"]["EventFilter"] == ["SIGN_UP"]
    assert "AccountTakeoverRiskConfiguration" not in given


def test_client_overrides_pool_and_resets_to_it(idp, pool, client):
    idp.set_risk_configuration(UserPoolId=pool["Id"], RiskExceptionConfiguration={
        "BlockedIPRangeList": ["10.0.0.0/8"]})
    idp.set_risk_configuration(UserPoolId=pool["Id"], ClientId=client["ClientId"],
                               CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}})
    mine = idp.describe_risk_configuration(UserPoolId=pool["Id"], ClientId=client["ClientId"])["RiskConfiguration"]
    assert mine["ClientId"] == client["ClientId"] and "CompromisedCredentialsRiskConfiguration" in mine
    # UserPoolId and ClientId only: the client inherits from the pool again.
    idp.set_risk_configuration(UserPoolId=pool["Id"], ClientId=client["ClientId"])
    inherited = idp.describe_risk_configuration(UserPoolId=pool["Id"], ClientId=client["ClientId"])["RiskConfiguration"]
    assert inherited["RiskExceptionConfiguration"] == {"BlockedIPRangeList": ["10.0.0.0/8"]}
    # UserPoolId only: the pool goes back to the defaults (nothing configured).
    idp.set_risk_configuration(UserPoolId=pool["Id"])
    assert idp.describe_risk_configuration(UserPoolId=pool["Id"])["RiskConfiguration"] == {"UserPoolId": pool["Id"]}


def test_errors(idp, pool):
    expect_error("ResourceNotFoundException", idp.describe_risk_configuration, UserPoolId=MISSING_POOL)
    expect_error("ResourceNotFoundException", idp.set_risk_configuration, UserPoolId=MISSING_POOL)
    expect_error("ResourceNotFoundException", idp.describe_risk_configuration, UserPoolId=pool["Id"],
                 ClientId="nosuchclient")
    msg = expect_error("InvalidParameterException", idp.set_risk_configuration, UserPoolId=pool["Id"],
                       CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "MAYBE"}})
    assert "Member must satisfy enum value set: [BLOCK, NO_ACTION]" in msg
    expect_error("InvalidParameterException", idp.set_risk_configuration, UserPoolId=pool["Id"],
                 RiskExceptionConfiguration={"SkippedIPRangeList": ["not-a-cidr"]})
