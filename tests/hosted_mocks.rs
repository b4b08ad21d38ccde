//! AWS behaviours of UserPoolDomain, ResourceServer and IdentityProvider that moto 5.2.5
//! cannot show, covered with `aws-smithy-mocks` rules that answer the way AWS does. Each test
//! names the AWS behaviour it stands for.

use aws_sdk_cognitoidentityprovider as idp;
use aws_sdk_cognitoidentityprovider::types::error::{
    InvalidParameterException, ResourceNotFoundException,
};
use aws_sdk_cognitoidentityprovider::types::{
    CustomDomainConfigType, DomainDescriptionType, DomainStatusType, IdentityProviderType,
    IdentityProviderTypeType, ResourceServerScopeType, ResourceServerType,
};
use aws_smithy_mocks::{mock, mock_client, RuleMode};
use pulumi_cognito::aws::Aws;
use pulumi_cognito::codec::{PropPath, Props};
use pulumi_cognito::error::ProviderError;
use pulumi_cognito::progress;
use pulumi_cognito::resource::{DynResource, Typed};
use pulumi_cognito::resources::identity_provider::IdentityProvider;
use pulumi_cognito::resources::resource_server::ResourceServer;
use pulumi_cognito::resources::user_pool_domain::UserPoolDomain;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, OnceLock};

const POOL: &str = "us-east-1_AbC123";
const CERT_A: &str = "arn:aws:acm:us-east-1:123456789012:certificate/aaaa";
const CERT_B: &str = "arn:aws:acm:us-east-1:123456789012:certificate/bbbb";

fn props(v: Value) -> Props {
    Props::plain(v.as_object().unwrap().clone())
}

fn meta(code: &str, message: &str) -> aws_smithy_types::error::ErrorMetadata {
    aws_smithy_types::error::ErrorMetadata::builder()
        .code(code)
        .message(message)
        .build()
}

fn aws(idp: idp::Client) -> Aws {
    let identity = mock_client!(aws_sdk_cognitoidentity, []);
    Aws::from_clients(idp, identity, "us-east-1").with_policy(0, 0.0)
}

macro_rules! idp_client {
    ($($rule:expr),*) => {
        mock_client!(aws_sdk_cognitoidentityprovider, RuleMode::MatchAny, [$($rule),*], |c| {
            c.retry_config(aws_config::retry::RetryConfig::disabled())
        })
    };
}

/// Progress messages as (URN, message).
type Log = Arc<Mutex<Vec<(String, String)>>>;

/// Progress messages sent to the engine logger (installed on first use).
fn progress_log() -> Log {
    static LOG: OnceLock<Log> = OnceLock::new();
    LOG.get_or_init(|| {
        let log = Log::default();
        struct Collect(Log);
        impl progress::Sink for Collect {
            fn status(&self, urn: &str, message: &str) {
                self.0
                    .lock()
                    .unwrap()
                    .push((urn.to_string(), message.to_string()));
            }
        }
        progress::set_sink(Box::new(Collect(log.clone())));
        log
    })
    .clone()
}

fn messages(urn: &str) -> Vec<String> {
    progress_log()
        .lock()
        .unwrap()
        .iter()
        .filter(|(u, _)| u == urn)
        .map(|(_, m)| m.clone())
        .collect()
}

fn domain(status: &str, cert: Option<&str>) -> DomainDescriptionType {
    let b = DomainDescriptionType::builder()
        .domain("auth.example.com")
        .user_pool_id(POOL)
        .aws_account_id("123456789012")
        .cloud_front_distribution("d111111abcdef8.cloudfront.net")
        .s3_bucket("aws-cognito-prod-iad-assets")
        .version("20240101")
        .managed_login_version(2)
        .status(DomainStatusType::from(status));
    match cert {
        Some(c) => b.custom_domain_config(
            CustomDomainConfigType::builder()
                .certificate_arn(c)
                .build()
                .unwrap(),
        ),
        None => b,
    }
    .build()
}

fn describe_out(
    d: Option<DomainDescriptionType>,
) -> idp::operation::describe_user_pool_domain::DescribeUserPoolDomainOutput {
    let b = idp::operation::describe_user_pool_domain::DescribeUserPoolDomainOutput::builder();
    match d {
        Some(d) => b.domain_description(d),
        // AWS's answer for a domain that does not exist: `{"DomainDescription":{}}`.
        None => b.domain_description(DomainDescriptionType::builder().build()),
    }
    .build()
}

fn custom_inputs(cert: &str) -> Value {
    json!({"userPoolId": POOL, "domain": "auth.example.com", "certificateArn": cert, "managedLoginVersion": 2})
}

/// AWS: a custom domain is `CREATING` while its CloudFront distribution deploys (minutes),
/// then `ACTIVE`. Create waits for it, polling with backoff, and tells the engine why.
#[tokio::test(start_paused = true)]
async fn custom_domain_create_waits_for_active_and_reports_progress() {
    let create = mock!(idp::Client::create_user_pool_domain)
        .match_requests(|r| {
            r.custom_domain_config().map(|c| c.certificate_arn()) == Some(CERT_A)
                && r.managed_login_version() == Some(2)
        })
        .then_output(|| {
            idp::operation::create_user_pool_domain::CreateUserPoolDomainOutput::builder()
                .cloud_front_domain("d111111abcdef8.cloudfront.net")
                .build()
        });
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .sequence()
        .output(|| describe_out(Some(domain("CREATING", Some(CERT_A)))))
        .times(3)
        .output(|| describe_out(Some(domain("ACTIVE", Some(CERT_A)))))
        .repeatedly()
        .build();
    let aws = aws(idp_client!(&create, &describe));
    let urn = "urn:test:create-waits";
    progress_log();
    let (id, out) = progress::scope(
        urn,
        3600.0,
        Typed::<UserPoolDomain>::default().create(Some(&aws), props(custom_inputs(CERT_A)), false),
    )
    .await
    .expect("created once ACTIVE");
    assert_eq!(id, "auth.example.com");
    assert_eq!(create.num_calls(), 1);
    // Three CREATING answers, one ACTIVE, one read-back.
    assert_eq!(describe.num_calls(), 5);
    assert_eq!(
        out.value["cloudfrontDistribution"],
        json!("d111111abcdef8.cloudfront.net")
    );
    assert_eq!(
        out.value["cloudfrontDistributionArn"],
        json!("d111111abcdef8.cloudfront.net")
    );
    assert_eq!(
        out.value["cloudfrontDistributionZoneId"],
        json!("Z2FDTNDATAQYW2")
    );
    assert_eq!(out.value["awsAccountId"], json!("123456789012"));
    assert_eq!(out.value["certificateArn"], json!(CERT_A));
    let m = messages(urn);
    assert!(
        m.iter().filter(|m| m.contains("CREATING")).count() == 3,
        "{m:?}"
    );
    assert!(m.last().unwrap().contains("ACTIVE"), "{m:?}");
}

/// AWS: a custom domain can stay `CREATING` longer than the engine's `customTimeouts`. The
/// domain exists then, so the engine must get its id (ErrorResourceInitFailed), not a bare
/// timeout that would leak it.
#[tokio::test(start_paused = true)]
async fn a_wait_past_the_timeout_reports_the_domain_as_created() {
    let create = mock!(idp::Client::create_user_pool_domain).then_output(|| {
        idp::operation::create_user_pool_domain::CreateUserPoolDomainOutput::builder().build()
    });
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .then_output(|| describe_out(Some(domain("CREATING", Some(CERT_A)))));
    let aws = aws(idp_client!(&create, &describe));
    let err = progress::scope(
        "urn:test:timeout",
        120.0,
        Typed::<UserPoolDomain>::default().create(Some(&aws), props(custom_inputs(CERT_A)), false),
    )
    .await
    .unwrap_err();
    match err {
        ProviderError::InitFailed(f) => {
            assert_eq!(f.id, "auth.example.com");
            assert!(f.reasons[0].contains("CREATING"), "{:?}", f.reasons);
            assert!(f.reasons[0].contains("customTimeouts"), "{:?}", f.reasons);
        }
        other => panic!("expected InitFailed, got {other:?}"),
    }
}

/// AWS: a domain whose certificate does not validate ends `FAILED`; that is an error with
/// advice, and the domain (which exists) is reported to the engine.
#[tokio::test(start_paused = true)]
async fn a_failed_domain_is_an_error_with_advice() {
    let create = mock!(idp::Client::create_user_pool_domain).then_output(|| {
        idp::operation::create_user_pool_domain::CreateUserPoolDomainOutput::builder().build()
    });
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .then_output(|| describe_out(Some(domain("FAILED", Some(CERT_A)))));
    let aws = aws(idp_client!(&create, &describe));
    let err = Typed::<UserPoolDomain>::default()
        .create(Some(&aws), props(custom_inputs(CERT_A)), false)
        .await
        .unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("FAILED") && msg.contains("certificate"),
        "{msg}"
    );
    assert!(matches!(err, ProviderError::InitFailed(_)));
}

/// AWS (terraform-provider-aws#43248): UpdateUserPoolDomain without `CustomDomainConfig`
/// reads as turning a custom domain into a prefix domain and fails with "Cannot convert
/// custom domain to prefix domain". A version change must resend the certificate; a
/// certificate swap is an in-place update that waits for `ACTIVE` again.
#[tokio::test(start_paused = true)]
async fn domain_updates_always_resend_the_certificate() {
    let update = mock!(idp::Client::update_user_pool_domain).then_compute_output(|r| {
        assert!(
            r.custom_domain_config().is_some(),
            "AWS: Cannot convert custom domain to prefix domain"
        );
        idp::operation::update_user_pool_domain::UpdateUserPoolDomainOutput::builder().build()
    });
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = {
        let seen = seen.clone();
        mock!(idp::Client::update_user_pool_domain).then_compute_output(move |r| {
            seen.lock().unwrap().push((
                r.custom_domain_config()
                    .map(|c| c.certificate_arn().to_string()),
                r.managed_login_version(),
            ));
            idp::operation::update_user_pool_domain::UpdateUserPoolDomainOutput::builder().build()
        })
    };
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .sequence()
        .output(|| describe_out(Some(domain("UPDATING", Some(CERT_B)))))
        .output(|| describe_out(Some(domain("ACTIVE", Some(CERT_B)))))
        .repeatedly()
        .build();
    let aws = aws(idp_client!(&record, &describe));
    let r = Typed::<UserPoolDomain>::default();
    let old = custom_inputs(CERT_A);
    let mut new = old.clone();
    new["managedLoginVersion"] = json!(1);
    new["certificateArn"] = json!(CERT_B);
    // The Diff first: both changes are in place.
    let d = r.diff(&props(old.clone()), &props(new.clone()), &[]);
    assert!(d.replaces().is_empty(), "{d:?}");
    assert!(!d.delete_before_replace);
    assert_eq!(d.diffs.len(), 2);
    let out = r
        .update(
            Some(&aws),
            "auth.example.com",
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .expect("updated in place");
    assert_eq!(out.value["certificateArn"], json!(CERT_B));
    assert_eq!(
        *seen.lock().unwrap(),
        vec![(Some(CERT_B.to_string()), Some(1))]
    );
    assert_eq!(describe.num_calls(), 3);
    // The guard rule above stands for AWS itself: a version-only change sends the
    // certificate too.
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .then_output(|| describe_out(Some(domain("ACTIVE", Some(CERT_A)))));
    let aws = self::aws(idp_client!(&update, &describe));
    let old = custom_inputs(CERT_A);
    let mut new = old.clone();
    new["managedLoginVersion"] = json!(1);
    r.update(
        Some(&aws),
        "auth.example.com",
        props(old.clone()),
        props(old),
        props(new),
        false,
    )
    .await
    .expect("version change with the certificate resent");
    assert_eq!(update.num_calls(), 1);
}

/// AWS: a domain name is unique across all of AWS and a pool has one domain, so a
/// replacement must delete the old domain (and wait until it is gone) before creating the
/// new one (pulumi-aws#998, terraform-provider-aws#14733: "Domain already exists").
#[tokio::test(start_paused = true)]
async fn replacing_a_domain_deletes_first_and_waits_for_it_to_go() {
    let r = Typed::<UserPoolDomain>::default();
    let old = json!({"userPoolId": POOL, "domain": "old-login"});
    let d = r.diff(
        &props(old.clone()),
        &props(json!({"userPoolId": POOL, "domain": "new-login"})),
        &[],
    );
    assert_eq!(d.replaces(), vec!["domain".to_string()]);
    assert!(d.delete_before_replace);
    // Prefix to custom: the certificate's arrival replaces too.
    let d = r.diff(&props(old.clone()), &props(custom_inputs(CERT_A)), &[]);
    assert!(
        d.replaces().contains(&"certificateArn".to_string()),
        "{d:?}"
    );
    assert!(d.delete_before_replace);

    let delete = mock!(idp::Client::delete_user_pool_domain)
        .match_requests(|r| r.domain() == Some("old-login") && r.user_pool_id() == Some(POOL))
        .then_output(|| {
            idp::operation::delete_user_pool_domain::DeleteUserPoolDomainOutput::builder().build()
        });
    let describe = mock!(idp::Client::describe_user_pool_domain)
        .sequence()
        .output(|| describe_out(Some(domain("ACTIVE", None))))
        .output(|| describe_out(Some(domain("DELETING", None))))
        .times(2)
        .output(|| describe_out(None))
        .build();
    let urn = "urn:test:delete-waits";
    progress_log();
    progress::scope(
        urn,
        0.0,
        r.delete(
            &aws(idp_client!(&delete, &describe)),
            "old-login",
            props(old),
            Props::default(),
        ),
    )
    .await
    .expect("deleted");
    assert_eq!(delete.num_calls(), 1);
    assert_eq!(describe.num_calls(), 4);
    assert_eq!(messages(urn).len(), 2, "{:?}", messages(urn));
}

/// AWS: DescribeUserPoolDomain answers `{"DomainDescription":{}}` for a domain that does not
/// exist. Read takes it as gone, and Delete succeeds without calling DeleteUserPoolDomain
/// (which would fail); a domain that another pool took over is left alone.
#[tokio::test]
async fn a_missing_domain_is_gone_not_an_error() {
    let describe = mock!(idp::Client::describe_user_pool_domain).then_output(|| describe_out(None));
    let delete = mock!(idp::Client::delete_user_pool_domain).then_error(|| {
        idp::operation::delete_user_pool_domain::DeleteUserPoolDomainError::InvalidParameterException(
            InvalidParameterException::builder()
                .message("No such domain or user pool exists.")
                .meta(meta("InvalidParameterException", "No such domain or user pool exists."))
                .build(),
        )
    });
    let aws = aws(idp_client!(&describe, &delete));
    let r = Typed::<UserPoolDomain>::default();
    let inputs = json!({"userPoolId": POOL, "domain": "gone-login"});
    let read = r
        .read(
            &aws,
            "gone-login",
            props(inputs.clone()),
            props(inputs.clone()),
        )
        .await
        .expect("read");
    assert!(read.is_none());
    r.delete(&aws, "gone-login", props(inputs), Props::default())
        .await
        .expect("gone is deleted");
    assert_eq!(delete.num_calls(), 0);

    let other = mock!(idp::Client::describe_user_pool_domain).then_output(|| {
        let mut d = domain("ACTIVE", None);
        d.user_pool_id = Some("us-east-1_Other".into());
        describe_out(Some(d))
    });
    let delete = mock!(idp::Client::delete_user_pool_domain).then_output(|| {
        idp::operation::delete_user_pool_domain::DeleteUserPoolDomainOutput::builder().build()
    });
    let aws = self::aws(idp_client!(&other, &delete));
    r.delete(
        &aws,
        "auth.example.com",
        props(json!({"userPoolId": POOL, "domain": "auth.example.com"})),
        Props::default(),
    )
    .await
    .expect("another pool's domain is not ours to delete");
    assert_eq!(delete.num_calls(), 0);
}

fn server(scopes: &[(&str, &str)]) -> ResourceServerType {
    ResourceServerType::builder()
        .user_pool_id(POOL)
        .identifier("https://api.example.com")
        .name("api")
        .set_scopes(Some(
            scopes
                .iter()
                .map(|(n, d)| {
                    ResourceServerScopeType::builder()
                        .scope_name(*n)
                        .scope_description(*d)
                        .build()
                        .unwrap()
                })
                .collect(),
        ))
        .build()
}

/// AWS: UpdateResourceServer (which moto 5.2.5 lacks) replaces the name and every scope with
/// what it is sent, so removing a scope means sending the rest, and a rename is in place.
#[tokio::test]
async fn resource_server_update_sends_name_and_all_scopes() {
    let update = mock!(idp::Client::update_resource_server)
        .match_requests(|r| {
            r.name() == Some("renamed")
                && r.identifier() == Some("https://api.example.com")
                && r.scopes()
                    .iter()
                    .map(|s| s.scope_name())
                    .collect::<Vec<_>>()
                    == ["read"]
        })
        .then_output(|| {
            idp::operation::update_resource_server::UpdateResourceServerOutput::builder()
                .resource_server(server(&[("read", "Read")]))
                .build()
        });
    let describe = mock!(idp::Client::describe_resource_server).then_output(|| {
        let mut s = server(&[("read", "Read")]);
        s.name = Some("renamed".into());
        idp::operation::describe_resource_server::DescribeResourceServerOutput::builder()
            .resource_server(s)
            .build()
    });
    let aws = aws(idp_client!(&update, &describe));
    let r = Typed::<ResourceServer>::default();
    let old = json!({"userPoolId": POOL, "identifier": "https://api.example.com", "name": "api",
        "scopes": [{"scopeName": "read", "scopeDescription": "Read"}, {"scopeName": "write", "scopeDescription": "Write"}]});
    let new = json!({"userPoolId": POOL, "identifier": "https://api.example.com", "name": "renamed",
        "scopes": [{"scopeName": "read", "scopeDescription": "Read"}]});
    let d = r.diff(&props(old.clone()), &props(new.clone()), &[]);
    assert!(
        d.replaces().is_empty(),
        "rename and scopes are in place: {d:?}"
    );
    let out = r
        .update(
            Some(&aws),
            &format!("{POOL}|https://api.example.com"),
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .expect("updated");
    assert_eq!(update.num_calls(), 1);
    assert_eq!(
        out.value["scopeIdentifiers"],
        json!(["https://api.example.com/read"])
    );
}

/// AWS: DeleteResourceServer (which moto 5.2.5 lacks) answers ResourceNotFoundException for
/// a server, or a pool, that is gone: deleting it again succeeds.
#[tokio::test]
async fn resource_server_delete_and_delete_again() {
    let delete = mock!(idp::Client::delete_resource_server)
        .sequence()
        .output(|| {
            idp::operation::delete_resource_server::DeleteResourceServerOutput::builder().build()
        })
        .error(|| {
            idp::operation::delete_resource_server::DeleteResourceServerError::ResourceNotFoundException(
                ResourceNotFoundException::builder()
                    .message("Resource server https://api.example.com does not exist.")
                    .meta(meta("ResourceNotFoundException", "gone"))
                    .build(),
            )
        })
        .build();
    let aws = aws(idp_client!(&delete));
    let r = Typed::<ResourceServer>::default();
    let id = format!("{POOL}|https://api.example.com");
    let inputs = json!({"userPoolId": POOL, "identifier": "https://api.example.com"});
    for _ in 0..2 {
        r.delete(&aws, &id, props(inputs.clone()), Props::default())
            .await
            .expect("deleted, then already gone");
    }
    assert_eq!(delete.num_calls(), 2);
}

fn google(details: &[(&str, &str)], mapping: &[(&str, &str)]) -> IdentityProviderType {
    IdentityProviderType::builder()
        .user_pool_id(POOL)
        .provider_name("Google")
        .provider_type(IdentityProviderTypeType::Google)
        .set_provider_details(Some(
            details
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
        .set_attribute_mapping(Some(
            mapping
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        ))
        .build()
}

/// What AWS answers for a Google provider created with client_id, client_secret and
/// authorize_scopes: the keys it adds itself and the `username` mapping it adds.
fn google_as_aws_reports(scopes: &str) -> IdentityProviderType {
    google(
        &[
            ("client_id", "cid.apps.googleusercontent.com"),
            ("client_secret", "s3cr3t"),
            ("authorize_scopes", scopes),
            (
                "authorize_url",
                "https://accounts.google.com/o/oauth2/v2/auth",
            ),
            ("token_url", "https://www.googleapis.com/oauth2/v4/token"),
            (
                "attributes_url",
                "https://people.googleapis.com/v1/people/me?personFields=",
            ),
            ("attributes_url_add_attributes", "true"),
            ("token_request_method", "POST"),
            ("oidc_issuer", "https://accounts.google.com"),
        ],
        &[("email", "email"), ("username", "sub")],
    )
}

/// AWS (terraform-provider-aws#4831, pulumi-aws#679): for a social provider AWS adds
/// `authorize_url`, `token_url`, `attributes_url`, `attributes_url_add_attributes`,
/// `token_request_method` and `oidc_issuer` to `providerDetails`, and `username` → `sub` to
/// the attribute mapping. A refresh must find no drift, an import must not hold the
/// read-only keys, and `client_secret` is a secret.
#[tokio::test]
async fn identity_provider_aws_additions_never_drift() {
    let describe = mock!(idp::Client::describe_identity_provider).then_output(|| {
        idp::operation::describe_identity_provider::DescribeIdentityProviderOutput::builder()
            .identity_provider(google_as_aws_reports("openid email"))
            .build()
    });
    let aws = aws(idp_client!(&describe));
    let r = Typed::<IdentityProvider>::default();
    let inputs = json!({"userPoolId": POOL, "providerName": "Google", "providerType": "Google",
        "providerDetails": {"client_id": "cid.apps.googleusercontent.com", "client_secret": "s3cr3t",
                            "authorize_scopes": "openid email"},
        "attributeMapping": {"email": "email"}});
    let id = format!("{POOL}:Google");
    let refreshed = r
        .read(&aws, &id, props(inputs.clone()), props(inputs.clone()))
        .await
        .unwrap()
        .expect("found");
    assert_eq!(refreshed.inputs.value, props(inputs.clone()).value);
    assert!(!r
        .diff(&refreshed.inputs, &props(inputs.clone()), &[])
        .changed());
    let secret = PropPath::parse("providerDetails.client_secret").unwrap();
    assert!(refreshed.inputs.secrets.contains(&secret));
    assert!(refreshed.outputs.secrets.contains(&secret));

    // Import: every input AWS reports, but not its read-only keys.
    let imported = r
        .read(&aws, &id, Props::default(), Props::default())
        .await
        .unwrap()
        .expect("found");
    let details = imported.inputs.value["providerDetails"]
        .as_object()
        .unwrap();
    assert_eq!(
        details.keys().collect::<Vec<_>>(),
        ["authorize_scopes", "client_id", "client_secret"]
    );
    assert!(imported.inputs.secrets.contains(&secret));
    // The program as written (no `username` mapping) against the import: no change.
    assert!(!r.diff(&imported.inputs, &props(inputs), &[]).changed());
}

/// AWS: UpdateIdentityProvider refuses read-only `providerDetails` keys (such as
/// `ActiveEncryptionCertificate` for SAML, or `authorize_url` for Google), so an update from
/// inputs that hold them (an old import, pulumi-aws state) strips them first.
#[tokio::test]
async fn identity_provider_update_strips_read_only_keys() {
    let update = mock!(idp::Client::update_identity_provider)
        .match_requests(|r| {
            let d = r.provider_details().unwrap();
            !d.contains_key("authorize_url")
                && !d.contains_key("oidc_issuer")
                && d.get("authorize_scopes").map(String::as_str) == Some("openid email profile")
                && r.attribute_mapping()
                    .unwrap()
                    .get("email")
                    .map(String::as_str)
                    == Some("email")
        })
        .then_output(|| {
            idp::operation::update_identity_provider::UpdateIdentityProviderOutput::builder()
                .identity_provider(google_as_aws_reports("openid email profile"))
                .build()
        });
    let describe = mock!(idp::Client::describe_identity_provider).then_output(|| {
        idp::operation::describe_identity_provider::DescribeIdentityProviderOutput::builder()
            .identity_provider(google_as_aws_reports("openid email profile"))
            .build()
    });
    let aws = aws(idp_client!(&update, &describe));
    let r = Typed::<IdentityProvider>::default();
    let old = json!({"userPoolId": POOL, "providerName": "Google", "providerType": "Google",
        "providerDetails": {"client_id": "cid.apps.googleusercontent.com", "client_secret": "s3cr3t",
                            "authorize_scopes": "openid email",
                            "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
                            "oidc_issuer": "https://accounts.google.com"},
        "attributeMapping": {"email": "email"}});
    let mut new = old.clone();
    new["providerDetails"]["authorize_scopes"] = json!("openid email profile");
    let d = r.diff(&props(old.clone()), &props(new.clone()), &[]);
    assert!(d.replaces().is_empty(), "{d:?}");
    let out = r
        .update(
            Some(&aws),
            &format!("{POOL}:Google"),
            props(old.clone()),
            props(old),
            props(new),
            false,
        )
        .await
        .expect("updated without read-only keys");
    assert_eq!(update.num_calls(), 1);
    assert!(out
        .secrets
        .contains(&PropPath::parse("providerDetails.client_secret").unwrap()));
}

/// AWS: for SAML, AWS adds `ActiveEncryptionCertificate` and `SSORedirectBindingURI`
/// (terraform-provider-aws#35588); a refresh finds no drift.
#[tokio::test]
async fn saml_additions_never_drift() {
    let describe = mock!(idp::Client::describe_identity_provider).then_output(|| {
        let p = IdentityProviderType::builder()
            .user_pool_id(POOL)
            .provider_name("CorpAD")
            .provider_type(IdentityProviderTypeType::Saml)
            .set_provider_details(Some(
                [
                    ("MetadataURL", "https://idp.example.com/metadata.xml"),
                    ("IDPSignout", "true"),
                    ("ActiveEncryptionCertificate", "MIIC..."),
                    ("SSORedirectBindingURI", "https://idp.example.com/sso"),
                    ("SLORedirectBindingURI", "https://idp.example.com/slo"),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ))
            .idp_identifiers("example.com")
            .build();
        idp::operation::describe_identity_provider::DescribeIdentityProviderOutput::builder()
            .identity_provider(p)
            .build()
    });
    let aws = aws(idp_client!(&describe));
    let r = Typed::<IdentityProvider>::default();
    let inputs = json!({"userPoolId": POOL, "providerName": "CorpAD", "providerType": "SAML",
        "providerDetails": {"MetadataURL": "https://idp.example.com/metadata.xml", "IDPSignout": "true"},
        "idpIdentifiers": ["example.com"]});
    let id = format!("{POOL}:CorpAD");
    for (i, s) in [
        (props(inputs.clone()), props(inputs.clone())),
        (Props::default(), Props::default()),
    ] {
        let found = r.read(&aws, &id, i, s).await.unwrap().expect("found");
        assert!(
            !r.diff(&found.inputs, &props(inputs.clone()), &[]).changed(),
            "{:?}",
            found.inputs.value
        );
    }
}
