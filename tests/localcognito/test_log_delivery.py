"""SetLogDeliveryConfiguration and GetLogDeliveryConfiguration (added)."""

from conftest import MISSING_POOL, expect_error, unique

NOTIFY = {"LogLevel": "ERROR", "EventSource": "userNotification",
          "CloudWatchLogsConfiguration": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:n"}}
AUTH = {"LogLevel": "INFO", "EventSource": "userAuthEvents",
        "S3Configuration": {"BucketArn": "arn:aws:s3:::logs-bucket"}}


def test_set_and_get_in_another_order(idp):
    pool = idp.create_user_pool(PoolName=unique(), UserPoolTier="PLUS")["UserPool"]
    got = idp.set_log_delivery_configuration(UserPoolId=pool["Id"], LogConfigurations=[NOTIFY, AUTH])
    assert got["LogDeliveryConfiguration"] == {"UserPoolId": pool["Id"], "LogConfigurations": [AUTH, NOTIFY]}
    read = idp.get_log_delivery_configuration(UserPoolId=pool["Id"])["LogDeliveryConfiguration"]
    assert sorted(c["EventSource"] for c in read["LogConfigurations"]) == ["userAuthEvents", "userNotification"]
    idp.set_log_delivery_configuration(UserPoolId=pool["Id"], LogConfigurations=[])
    assert idp.get_log_delivery_configuration(UserPoolId=pool["Id"])["LogDeliveryConfiguration"] \
        ["LogConfigurations"] == []


def test_nothing_set_is_an_empty_list(idp, pool):
    assert idp.get_log_delivery_configuration(UserPoolId=pool["Id"])["LogDeliveryConfiguration"] == \
        {"UserPoolId": pool["Id"], "LogConfigurations": []}


def test_errors(idp, pool):
    expect_error("ResourceNotFoundException", idp.get_log_delivery_configuration, UserPoolId=MISSING_POOL)
    expect_error("ResourceNotFoundException", idp.set_log_delivery_configuration, UserPoolId=MISSING_POOL,
                 LogConfigurations=[NOTIFY])
    expect_error("InvalidParameterException", idp.set_log_delivery_configuration, UserPoolId=pool["Id"],
                 LogConfigurations=[NOTIFY, NOTIFY])
    expect_error("InvalidParameterException", idp.set_log_delivery_configuration, UserPoolId=pool["Id"],
                 LogConfigurations=[dict(NOTIFY, LogLevel="INFO")])
    expect_error("InvalidParameterException", idp.set_log_delivery_configuration, UserPoolId=pool["Id"],
                 LogConfigurations=[{"LogLevel": "ERROR", "EventSource": "userNotification"}])
    msg = expect_error("InvalidParameterException", idp.set_log_delivery_configuration, UserPoolId=pool["Id"],
                       LogConfigurations=[dict(NOTIFY, EventSource="everything")])
    assert "enum value set: [userNotification, userAuthEvents]" in msg
    # userAuthEvents needs the Plus plan; new pools are on Essentials.
    expect_error("FeatureUnavailableInTierException", idp.set_log_delivery_configuration,
                 UserPoolId=pool["Id"], LogConfigurations=[AUTH])
