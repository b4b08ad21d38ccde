//! `cognito:index:UserPoolDomain`: the domain of a user pool's hosted login pages and OAuth
//! endpoints, a prefix (`<prefix>.auth.<region>.amazoncognito.com`) or a custom domain with
//! an ACM certificate.
//!
//! AWS creates a domain in the background (a custom domain's CloudFront distribution can take
//! many minutes), so create and update wait for `Status` `ACTIVE`, reporting progress, within
//! the engine's timeout. A pool has one domain, so a replacement deletes the old one first.

use crate::aws::ErrorKind;
use crate::codec::PropPath;
use crate::diff::{Change, PropDiff};
use crate::error::{OpError, PartialExt, ProviderError};
use crate::progress;
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::validate::{Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;
use tokio::time::Instant;

/// The inputs of a user pool domain.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolDomainArgs {
    /// The ARN of an issued ACM certificate in `us-east-1`, for a custom domain. Swapping it
    /// for another certificate updates in place; adding or removing it (switching between a
    /// prefix and a custom domain) replaces the domain.
    pub certificate_arn: Option<String>,
    /// For a custom domain, the fully-qualified domain name (`auth.example.com`); for a
    /// prefix domain, the prefix alone (`auth`): lowercase letters, digits and hyphens, no
    /// leading or trailing hyphen, at most 63 characters, and not containing `aws`, `amazon`
    /// or `cognito`. Changing it replaces the domain.
    #[serde(default)]
    pub domain: String,
    /// The version of the login pages: `1` for the classic hosted UI (AWS's default), `2`
    /// for managed login with the branding designer. Updates in place.
    pub managed_login_version: Option<i64>,
    /// The AWS region to manage the domain in; defaults to the provider's region. Changing it
    /// replaces the domain.
    pub region: Option<String>,
    /// The user pool the domain belongs to. Changing it replaces the domain.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of a user pool domain.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolDomainOutputs {
    /// The AWS account that owns the user pool.
    pub aws_account_id: Option<String>,
    /// The CloudFront endpoint (`dpp0gtxikpq3y.cloudfront.net`) to point the custom domain's
    /// DNS alias at.
    pub cloudfront_distribution: Option<String>,
    /// The CloudFront distribution's domain name, as pulumi-aws reports it under this name
    /// (the target of a Route 53 alias record).
    pub cloudfront_distribution_arn: Option<String>,
    /// The Route 53 hosted zone id of CloudFront distributions, `Z2FDTNDATAQYW2`.
    pub cloudfront_distribution_zone_id: Option<String>,
    /// The S3 bucket holding the domain's static files.
    pub s3_bucket: Option<String>,
    /// The app version.
    pub version: Option<String>,
}

/// The user pool domain resource.
pub struct UserPoolDomain;

/// The hosted zone id of every CloudFront distribution (for Route 53 alias records).
pub const CLOUDFRONT_ZONE_ID: &str = "Z2FDTNDATAQYW2";

/// How long create and update wait for `ACTIVE` when the engine sets no timeout. AWS says a
/// custom domain can take up to an hour to propagate.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(60 * 60);

/// The first pause between polls of the domain's status; it doubles up to [`MAX_POLL`].
const FIRST_POLL: Duration = Duration::from_secs(2);
/// The longest pause between polls.
const MAX_POLL: Duration = Duration::from_secs(30);

/// Words AWS refuses in a prefix domain.
const RESERVED: &[&str] = &["aws", "amazon", "cognito"];

/// One DNS label as AWS takes it: `[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?`.
/// AWS's pattern for a domain prefix: a DNS label of lowercase letters, digits and hyphens.
pub(crate) static LABEL_RE: Pattern = Pattern::new(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$");

/// What DescribeUserPoolDomain says about a domain, `None` if it does not exist.
async fn describe(
    ctx: Ctx<'_>,
    domain: &str,
) -> Result<Option<t::DomainDescriptionType>, ProviderError> {
    match ctx
        .aws
        .call("DescribeUserPoolDomain", None, || {
            ctx.aws
                .idp()
                .describe_user_pool_domain()
                .domain(domain)
                .send()
        })
        .await
    {
        // A missing domain is `{"DomainDescription":{}}`, not an error.
        Ok(o) => Ok(o
            .domain_description
            .filter(|d| d.domain().is_some_and(|x| !x.is_empty()) || d.user_pool_id().is_some())),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Waits, with backoff and progress reports, until the domain is `ACTIVE` (or has no
/// status, as some doubles answer). `doing` names the operation for the reports.
async fn wait_active(ctx: Ctx<'_>, domain: &str, doing: &str) -> Result<(), ProviderError> {
    let stop = progress::wait_until(DEFAULT_WAIT);
    let started = Instant::now();
    let mut pause = FIRST_POLL;
    loop {
        let Some(d) = describe(ctx, domain).await? else {
            return Err(ProviderError::InvalidArgument(format!(
                "user pool domain {domain} disappeared while {doing} (another program deleted it?)"
            )));
        };
        let status = d.status().map(|s| s.as_str().to_string());
        match status.as_deref() {
            None | Some("ACTIVE") => {
                if started.elapsed() >= FIRST_POLL {
                    progress::report(&format!("user pool domain {domain} is ACTIVE"));
                }
                return Ok(());
            }
            Some("FAILED") => {
                return Err(ProviderError::InvalidArgument(format!(
                    "user pool domain {domain} FAILED while {doing}; for a custom domain, check that its certificate is issued, in us-east-1, covers the domain, and that the parent domain has a DNS A record"
                )))
            }
            Some(_) => {}
        }
        let status = status.unwrap_or_default();
        let now = Instant::now();
        if now >= stop {
            return Err(ProviderError::Timeout(format!(
                "waiting for user pool domain {domain} to become ACTIVE ({status} after {}s; a custom domain's CloudFront distribution can take up to an hour): raise customTimeouts, then run `pulumi refresh` and `pulumi up`",
                started.elapsed().as_secs()
            )));
        }
        progress::report(&format!(
            "{doing} user pool domain {domain}: {status} for {}s, waiting for ACTIVE",
            started.elapsed().as_secs()
        ));
        tokio::time::sleep(pause.min(stop - now)).await;
        pause = (pause * 2).min(MAX_POLL);
    }
}

fn custom_config(i: &UserPoolDomainArgs) -> Option<t::CustomDomainConfigType> {
    i.certificate_arn.as_ref().and_then(|c| {
        t::CustomDomainConfigType::builder()
            .certificate_arn(c)
            .build()
            .ok()
    })
}

/// The managed login version as the SDK takes it.
fn version(v: Option<i64>) -> Option<i32> {
    v.and_then(|v| i32::try_from(v).ok())
}

#[async_trait]
impl Resource for UserPoolDomain {
    type Inputs = UserPoolDomainArgs;
    type Outputs = UserPoolDomainOutputs;
    const TOKEN: &'static str = "cognito:index:UserPoolDomain";
    const DESCRIPTION: &'static str = r#"The domain of a Cognito user pool's hosted login pages and OAuth 2.0 endpoints: a prefix domain (`<domain>.auth.<region>.amazoncognito.com`) or a custom domain with an ACM certificate in `us-east-1`.

Create and update wait until the domain is `ACTIVE`, reporting progress, within the resource's `customTimeouts` (an hour if none). A new certificate or `managedLoginVersion` updates the domain in place; a new `domain` or `userPoolId`, or switching between a prefix and a custom domain, replaces it, deleting the old domain first because a user pool has one domain.

{{% examples %}}
## Example Usage
{{% example %}}
### A prefix domain

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const domain = new cognito.UserPoolDomain("domain", {
    userPoolId: pool.id,
    domain: "example-login",
    managedLoginVersion: 2,
});
export const loginUrl = domain.domain.apply(d => `https://${d}.auth.us-east-1.amazoncognito.com/login`);
```
```python
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
domain = cognito.UserPoolDomain("domain",
    user_pool_id=pool.id,
    domain="example-login",
    managed_login_version=2)
pulumi.export("login_url", domain.domain.apply(lambda d: f"https://{d}.auth.us-east-1.amazoncognito.com/login"))
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		pool, err := cognito.NewUserPool(ctx, "pool", nil)
		if err != nil {
			return err
		}
		domain, err := cognito.NewUserPoolDomain(ctx, "domain", &cognito.UserPoolDomainArgs{
			UserPoolId:          pool.ID(),
			Domain:              pulumi.String("example-login"),
			ManagedLoginVersion: pulumi.Int(2),
		})
		if err != nil {
			return err
		}
		ctx.Export("domain", domain.Domain)
		return nil
	})
}
```
```yaml
resources:
  pool:
    type: cognito:index:UserPool
  domain:
    type: cognito:index:UserPoolDomain
    properties:
      userPoolId: ${pool.id}
      domain: example-login
      managedLoginVersion: 2
outputs:
  loginUrl: https://${domain.domain}.auth.us-east-1.amazoncognito.com/login
```
{{% /example %}}
{{% example %}}
### A custom domain

```yaml
resources:
  domain:
    type: cognito:index:UserPoolDomain
    properties:
      userPoolId: ${pool.id}
      domain: auth.example.com
      certificateArn: arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789
    options:
      customTimeouts:
        create: 60m
outputs:
  # Point auth.example.com at this with an alias record in zone cloudfrontDistributionZoneId.
  target: ${domain.cloudfrontDistribution}
```
{{% /example %}}
{{% /examples %}}

## Import

A user pool domain is imported by its domain:

```sh
$ pulumi import cognito:index:UserPoolDomain domain auth.example.com
```
"#;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["domain", "region", "userPoolId"];
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[("managedLoginVersion", "1")];
    const DELETE_BEFORE_REPLACE: bool = true;

    fn check(i: &UserPoolDomainArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        c.pool_id(
            &i.user_pool_id,
            unknowns.contains(&PropPath::key("userPoolId")),
            "userPoolId",
        );
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        let d = i.domain.as_str();
        if !unknown("domain") {
            c.rule(!d.is_empty(), "domain", "is required");
        }
        if !d.is_empty() {
            c.len(Some(d), 1, 63, "domain");
            let custom = i.certificate_arn.is_some() || unknown("certificateArn");
            if custom {
                c.rule_with(
                    d.contains('.') && d.split('.').all(|l| LABEL_RE.is_match(l)),
                    "domain",
                    || format!("a custom domain must be a fully-qualified lowercase domain name such as auth.example.com, got {d:?}"),
                );
            } else {
                c.rule_with(!d.contains('.'), "domain", || {
                    format!("{d:?} looks like a custom domain: set certificateArn, or use a prefix without dots")
                });
                c.pattern(
                    Some(d),
                    &LABEL_RE,
                    "a prefix domain must be lowercase letters, digits and hyphens, not starting or ending with a hyphen",
                    "domain",
                );
                if let Some(w) = RESERVED.iter().find(|w| d.contains(*w)) {
                    c.rule(
                        false,
                        "domain",
                        format!(
                            "a prefix domain cannot contain the reserved word {w:?}, got {d:?}"
                        ),
                    );
                }
            }
        }
        if let Some(a) = &i.certificate_arn {
            c.len(Some(a), 20, 2048, "certificateArn");
            c.pattern(
                Some(a),
                &crate::validate::ARN_RE,
                "must be an ARN",
                "certificateArn",
            );
            c.rule_with(
                a.contains(":acm:us-east-1:"),
                "certificateArn",
                || format!("must be an ACM certificate in us-east-1 (CloudFront takes certificates from there only), got {a:?}"),
            );
        }
        c.range(i.managed_login_version, 1, 2, "managedLoginVersion");
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        if key != "certificateArn" {
            return None;
        }
        // Adding or removing the certificate switches between a prefix and a custom domain:
        // only that replaces. Swapping certificates is the generic in-place update.
        let set = |v: Option<&Value>| v.is_some_and(|v| !v.is_null());
        let change = match (set(old), set(new)) {
            (false, true) => Change::Add,
            (true, false) => Change::Delete,
            _ => return None,
        };
        Some(vec![PropDiff {
            path: PropPath::key(key),
            change,
            replace: true,
        }])
    }

    async fn create(ctx: Ctx<'_>, i: &UserPoolDomainArgs) -> Result<String, OpError> {
        ctx.aws
            .call("CreateUserPoolDomain", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .create_user_pool_domain()
                    .domain(&i.domain)
                    .user_pool_id(&i.user_pool_id)
                    .set_managed_login_version(version(i.managed_login_version))
                    .set_custom_domain_config(custom_config(i))
                    .send()
            })
            .await?;
        progress::report(&format!(
            "created user pool domain {}; waiting for it to become ACTIVE",
            i.domain
        ));
        wait_active(ctx, &i.domain, "creating")
            .await
            .partial(&i.domain)?;
        Ok(i.domain.clone())
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&UserPoolDomainArgs>,
    ) -> Result<Option<Found<UserPoolDomainArgs, UserPoolDomainOutputs>>, ProviderError> {
        let Some(d) = describe(ctx, id).await? else {
            return Ok(None);
        };
        let pool = d.user_pool_id().unwrap_or_default().to_string();
        // AWS reports the certificate and version of every domain; a double that leaves them
        // out (moto) is not taken to have removed them.
        let certificate_arn = d
            .custom_domain_config()
            .map(|c| c.certificate_arn().to_string())
            .or_else(|| hint.and_then(|h| h.certificate_arn.clone()));
        let managed_login_version = d
            .managed_login_version()
            .map(i64::from)
            .or_else(|| hint.and_then(|h| h.managed_login_version));
        let cloudfront = d.cloud_front_distribution().map(str::to_string);
        Ok(Some(Found {
            id: d.domain().unwrap_or(id).to_string(),
            inputs: UserPoolDomainArgs {
                certificate_arn,
                domain: d.domain().unwrap_or(id).to_string(),
                managed_login_version,
                region: None,
                user_pool_id: pool,
            },
            outputs: UserPoolDomainOutputs {
                aws_account_id: d.aws_account_id().map(str::to_string),
                cloudfront_distribution_arn: cloudfront.clone(),
                cloudfront_distribution: cloudfront,
                cloudfront_distribution_zone_id: Some(CLOUDFRONT_ZONE_ID.to_string()),
                s3_bucket: d.s3_bucket().map(str::to_string),
                version: d.version().map(str::to_string),
            },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &UserPoolDomainArgs,
        i: &UserPoolDomainArgs,
    ) -> Result<(), OpError> {
        // A custom domain's certificate is always sent again: without it AWS reads the
        // update as turning the custom domain into a prefix domain and refuses it
        // (terraform-provider-aws#43248). No version means AWS's default, 1.
        ctx.aws
            .call("UpdateUserPoolDomain", Some(&i.user_pool_id), || {
                ctx.aws
                    .idp()
                    .update_user_pool_domain()
                    .domain(id)
                    .user_pool_id(&i.user_pool_id)
                    .managed_login_version(version(i.managed_login_version).unwrap_or(1))
                    .set_custom_domain_config(custom_config(i))
                    .send()
            })
            .await?;
        wait_active(ctx, id, "updating").await.partial(id)?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &UserPoolDomainArgs) -> Result<(), ProviderError> {
        // Never delete a domain that is gone or now belongs to another pool.
        let pool = match describe(ctx, id).await? {
            None => return Ok(()),
            Some(d) => d.user_pool_id().unwrap_or_default().to_string(),
        };
        if !i.user_pool_id.is_empty() && pool != i.user_pool_id {
            tracing::warn!(domain = id, owner = %pool, "the domain belongs to another user pool now; not deleting it");
            return Ok(());
        }
        match ctx
            .aws
            .call("DeleteUserPoolDomain", Some(&pool), || {
                ctx.aws
                    .idp()
                    .delete_user_pool_domain()
                    .domain(id)
                    .user_pool_id(&pool)
                    .send()
            })
            .await
        {
            Err(e) if e.kind != ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
        // A replacement creates the same name next: wait until AWS has let it go.
        let stop = progress::wait_until(DEFAULT_WAIT);
        let started = Instant::now();
        let mut pause = FIRST_POLL;
        while let Some(d) = describe(ctx, id).await? {
            let now = Instant::now();
            let status = d
                .status()
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            if now >= stop {
                return Err(ProviderError::Timeout(format!(
                    "waiting for user pool domain {id} to be deleted ({status} after {}s)",
                    started.elapsed().as_secs()
                )));
            }
            progress::report(&format!(
                "deleting user pool domain {id}: {status} for {}s",
                started.elapsed().as_secs()
            ));
            tokio::time::sleep(pause.min(stop - now)).await;
            pause = (pause * 2).min(MAX_POLL);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_adding_or_removing_the_certificate_replaces() {
        let arn = json!("arn:aws:acm:us-east-1:123456789012:certificate/a");
        let other = json!("arn:aws:acm:us-east-1:123456789012:certificate/b");
        let d = UserPoolDomain::diff_property("certificateArn", None, Some(&arn)).unwrap();
        assert!(d[0].replace && d[0].change == Change::Add);
        let d = UserPoolDomain::diff_property("certificateArn", Some(&arn), None).unwrap();
        assert!(d[0].replace && d[0].change == Change::Delete);
        assert!(
            UserPoolDomain::diff_property("certificateArn", Some(&arn), Some(&other)).is_none()
        );
        assert!(UserPoolDomain::diff_property("domain", None, Some(&arn)).is_none());
    }
}
