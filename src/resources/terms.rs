//! `cognito:index:Terms`: a terms-of-use or privacy-policy document of an app client, the
//! links the sign-up page of managed login shows, per language.
//!
//! pulumi-aws has no such resource; the names are CloudFormation's `AWS::Cognito::Terms`
//! in camelCase (`userPoolId`, `clientId`, `termsName`, `termsSource`, `enforcement`,
//! `links`, and the output `termsId`).

use crate::aws::{AwsError, Created, NotFoundIsAnswer};
use crate::codec::PropPath;
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::resources::managed_login_branding::check_pool_and_client;
use crate::validate::{Checker, Pattern};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The inputs of a terms document.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TermsArgs {
    /// The app client the terms documents are assigned to. Changing it replaces the terms.
    #[serde(default)]
    pub client_id: String,
    /// How the terms are enforced: `NONE`, the one value AWS accepts (and the default).
    pub enforcement: Option<String>,
    /// The URL of the document per language, keyed by `cognito:<language>`: `cognito:default`
    /// (for languages without their own link), `cognito:english`, `cognito:french`,
    /// `cognito:spanish`, `cognito:german`, `cognito:dutch`, `cognito:bahasa-indonesia`,
    /// `cognito:italian`, `cognito:japanese`, `cognito:korean`, `cognito:portuguese-brazil`,
    /// `cognito:chinese-simplified` or `cognito:chinese-traditional`. 1 to 13 links, each
    /// 1 to 1024 characters without spaces. Changes update in place.
    pub links: Option<BTreeMap<String, String>>,
    /// The AWS region to manage the terms in; defaults to the provider's region. Changing
    /// it replaces the terms.
    pub region: Option<String>,
    /// The type of the document: `terms-of-use` or `privacy-policy`. An app client has one
    /// of each. Changes update in place.
    #[serde(default)]
    pub terms_name: String,
    /// Where the document is: `LINK`, the one value AWS accepts (and the default).
    pub terms_source: Option<String>,
    /// The user pool the app client belongs to. Changing it replaces the terms.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of a terms document.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TermsOutputs {
    /// The ID of the terms documents.
    pub terms_id: String,
}

/// The terms resource.
pub struct Terms;

/// AWS's terms names (`TermsNameType`: `^(terms-of-use|privacy-policy)$`).
const TERMS_NAMES: &[&str] = &["terms-of-use", "privacy-policy"];
/// AWS's terms sources (`TermsSourceType`).
const SOURCES: &[&str] = &["LINK"];
/// AWS's enforcements (`TermsEnforcementType`).
const ENFORCEMENTS: &[&str] = &["NONE"];
/// The languages of `links` (`LanguageIdType`, after `cognito:`).
const LANGUAGES: &[&str] = &[
    "default",
    "dutch",
    "english",
    "french",
    "spanish",
    "german",
    "bahasa-indonesia",
    "italian",
    "japanese",
    "korean",
    "portuguese-brazil",
    "chinese-simplified",
    "chinese-traditional",
];
/// The most links a document has (`LinksType`).
const MAX_LINKS: usize = 13;

/// AWS's pattern for link URLs: `^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$` (no spaces or controls).
static LINK_RE: Pattern = Pattern::new(r"^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$");

/// The id of a terms document: `userPoolId|termsId` (also its import id, as Cloud
/// Control joins `AWS::Cognito::Terms`'s primary identifier).
pub fn terms_id(pool: &str, id: &str) -> String {
    format!("{pool}|{id}")
}

/// Splits an id `userPoolId|termsId`; a bare terms id takes the pool from the last inputs.
fn parse_id<'a>(
    id: &'a str,
    hint: Option<&'a TermsArgs>,
) -> Result<(&'a str, &'a str), ProviderError> {
    match id.split_once('|') {
        Some((p, t)) if !p.is_empty() && !t.is_empty() => Ok((p, t)),
        None if !id.is_empty() => match hint.map(|h| h.user_pool_id.as_str()) {
            Some(p) if !p.is_empty() => Ok((p, id)),
            _ => Err(bad_id(id)),
        },
        _ => Err(bad_id(id)),
    }
}

fn bad_id(id: &str) -> ProviderError {
    ProviderError::InvalidArgument(format!(
        "cannot read terms {id:?}: their id is <userPoolId>|<termsId>"
    ))
}

/// The error for a second document of the same name on a client, naming the first.
fn exists_error(e: AwsError, i: &TermsArgs, existing: Option<&str>) -> ProviderError {
    let import = match existing {
        Some(t) => format!(
            "import it with `pulumi import cognito:index:Terms <name> \"{}\"`",
            terms_id(&i.user_pool_id, t)
        ),
        None => "import it (id <userPoolId>|<termsId>)".to_string(),
    };
    ProviderError::InvalidArgument(format!(
        "app client {} of user pool {} already has {} terms (an app client has one document of each name; {e}): {import}, or delete it first",
        i.client_id, i.user_pool_id, i.terms_name
    ))
}

/// The ids of the client's terms named `name` (created since `since`, if given).
async fn named(
    ctx: Ctx<'_>,
    i: &TermsArgs,
    since: Option<aws_smithy_types::DateTime>,
) -> Result<Vec<String>, AwsError> {
    let pool = i.user_pool_id.as_str();
    let mut ids = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let page = ctx
            .aws
            .call("ListTerms", Some(pool), || {
                ctx.aws
                    .idp()
                    .list_terms()
                    .user_pool_id(pool)
                    .max_results(60)
                    .set_next_token(next.clone())
                    .send()
            })
            .await?;
        for t in page.terms() {
            if t.terms_name() == i.terms_name && since.is_none_or(|s| *t.creation_date() >= s) {
                ids.push(t.terms_id().to_string());
            }
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            break;
        }
    }
    // ListTerms does not say which client a document is for: keep the given client's.
    let mut mine = Vec::new();
    for id in ids {
        let d = ctx
            .aws
            .call("DescribeTerms", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_terms()
                    .user_pool_id(pool)
                    .terms_id(&id)
                    .send()
            })
            .await?;
        if d.terms().is_some_and(|t| t.client_id() == i.client_id) {
            mine.push(id);
        }
    }
    Ok(mine)
}

#[async_trait]
impl Resource for Terms {
    type Inputs = TermsArgs;
    type Outputs = TermsOutputs;
    const TOKEN: &'static str = "cognito:index:Terms";
    const DESCRIPTION: &'static str = r#"A terms document of a Cognito app client: the links to its terms of use or its privacy policy, per language, that the sign-up page of managed login shows. Cognito shows them once the client has both documents in at least one language.

pulumi-aws has no such resource; the names are CloudFormation's `AWS::Cognito::Terms` in camelCase. `termsSource` (`LINK`) and `enforcement` (`NONE`) accept one value each and default to it. Everything but `userPoolId`, `clientId` and `region` updates in place.

{{% examples %}}
## Example Usage
{{% example %}}
### Terms of use and a privacy policy

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const client = new cognito.UserPoolClient("client", { userPoolId: pool.id });
const terms = new cognito.Terms("terms", {
    userPoolId: pool.id,
    clientId: client.id,
    termsName: "terms-of-use",
    links: {
        "cognito:default": "https://example.com/terms",
        "cognito:spanish": "https://example.com/es/terms",
    },
});
const privacy = new cognito.Terms("privacy", {
    userPoolId: pool.id,
    clientId: client.id,
    termsName: "privacy-policy",
    links: { "cognito:default": "https://example.com/privacy" },
});
export const termsId = terms.termsId;
```
```python
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
client = cognito.UserPoolClient("client", user_pool_id=pool.id)
terms = cognito.Terms("terms",
    user_pool_id=pool.id,
    client_id=client.id,
    terms_name="terms-of-use",
    links={
        "cognito:default": "https://example.com/terms",
        "cognito:spanish": "https://example.com/es/terms",
    })
privacy = cognito.Terms("privacy",
    user_pool_id=pool.id,
    client_id=client.id,
    terms_name="privacy-policy",
    links={"cognito:default": "https://example.com/privacy"})
pulumi.export("termsId", terms.terms_id)
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
		client, err := cognito.NewUserPoolClient(ctx, "client", &cognito.UserPoolClientArgs{UserPoolId: pool.ID()})
		if err != nil {
			return err
		}
		terms, err := cognito.NewTerms(ctx, "terms", &cognito.TermsArgs{
			UserPoolId: pool.ID(),
			ClientId:   client.ID(),
			TermsName:  pulumi.String("terms-of-use"),
			Links: pulumi.StringMap{
				"cognito:default": pulumi.String("https://example.com/terms"),
				"cognito:spanish": pulumi.String("https://example.com/es/terms"),
			},
		})
		if err != nil {
			return err
		}
		_, err = cognito.NewTerms(ctx, "privacy", &cognito.TermsArgs{
			UserPoolId: pool.ID(),
			ClientId:   client.ID(),
			TermsName:  pulumi.String("privacy-policy"),
			Links:      pulumi.StringMap{"cognito:default": pulumi.String("https://example.com/privacy")},
		})
		if err != nil {
			return err
		}
		ctx.Export("termsId", terms.TermsId)
		return nil
	})
}
```
```yaml
resources:
  pool:
    type: cognito:index:UserPool
  client:
    type: cognito:index:UserPoolClient
    properties:
      userPoolId: ${pool.id}
  terms:
    type: cognito:index:Terms
    properties:
      userPoolId: ${pool.id}
      clientId: ${client.id}
      termsName: terms-of-use
      links:
        cognito:default: https://example.com/terms
        cognito:spanish: https://example.com/es/terms
  privacy:
    type: cognito:index:Terms
    properties:
      userPoolId: ${pool.id}
      clientId: ${client.id}
      termsName: privacy-policy
      links:
        cognito:default: https://example.com/privacy
outputs:
  termsId: ${terms.termsId}
```
{{% /example %}}
{{% /examples %}}

## Import

A terms document is imported by its user pool id and terms id, joined by `|` (as Cloud Control joins `AWS::Cognito::Terms`'s identifier):

```sh
$ pulumi import cognito:index:Terms terms "us-east-1_abc123|0a1b2c3d-4e5f-4a7b-8c9d-0e1f2a3b4c5d"
```
"#;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["clientId", "region", "userPoolId"];
    const DEFAULTS: &'static [(&'static str, &'static str)] =
        &[("enforcement", "\"NONE\""), ("termsSource", "\"LINK\"")];

    fn check(i: &TermsArgs, _unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        check_pool_and_client(&mut c, &i.user_pool_id, &i.client_id);
        c.rule(!i.terms_name.is_empty(), "termsName", "is required");
        if !i.terms_name.is_empty() {
            c.one_of(Some(&i.terms_name), TERMS_NAMES, "termsName");
        }
        c.one_of(i.terms_source.as_deref(), SOURCES, "termsSource");
        c.one_of(i.enforcement.as_deref(), ENFORCEMENTS, "enforcement");
        match &i.links {
            None => c.rule(
                false,
                "links",
                "is required: at least one link, e.g. cognito:default",
            ),
            Some(links) => {
                c.rule_with((1..=MAX_LINKS).contains(&links.len()), "links", || {
                    format!("must hold 1 to {MAX_LINKS} links, got {}", links.len())
                });
                for (k, v) in links {
                    let lang_ok = k
                        .strip_prefix("cognito:")
                        .is_some_and(|l| LANGUAGES.contains(&l));
                    c.rule_with(lang_ok, format_args!("links.{k}"), || {
                        format!(
                            "the key must be cognito:<language>, one of {}, got {k:?}",
                            LANGUAGES
                                .iter()
                                .map(|l| format!("cognito:{l}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    });
                    c.len(Some(v), 1, 1024, format_args!("links.{k}"));
                    c.pattern(
                        Some(v),
                        &LINK_RE,
                        "must be letters, marks, symbols, numbers and punctuation (no spaces)",
                        format_args!("links.{k}"),
                    );
                }
            }
        }
        c.done()
    }

    async fn create(ctx: Ctx<'_>, i: &TermsArgs) -> Result<String, OpError> {
        let pool = i.user_pool_id.as_str();
        let created = ctx
            .aws
            .create(
                "CreateTerms",
                Some(pool),
                || {
                    ctx.aws
                        .idp()
                        .create_terms()
                        .user_pool_id(pool)
                        .client_id(&i.client_id)
                        .terms_name(&i.terms_name)
                        .terms_source(i.terms_source.as_deref().unwrap_or("LINK").into())
                        .enforcement(i.enforcement.as_deref().unwrap_or("NONE").into())
                        .set_links(i.links.clone().map(|m| m.into_iter().collect()))
                        .send()
                },
                |since| named(ctx, i, Some(since)),
            )
            .await;
        let tid = match created {
            Ok(Created::New(o)) => {
                o.terms().map(|t| t.terms_id().to_string()).ok_or_else(|| {
                    ProviderError::InvalidArgument("CreateTerms returned no id".into())
                })?
            }
            Ok(Created::Adopted(t)) => t,
            Err(e) if e.code.as_deref() == Some("TermsExistsException") => {
                let existing = named(ctx, i, None).await.ok().unwrap_or_default();
                return Err(exists_error(e, i, existing.first().map(String::as_str)).into());
            }
            Err(e) => return Err(e.into()),
        };
        Ok(terms_id(pool, &tid))
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&TermsArgs>,
    ) -> Result<Option<Found<TermsArgs, TermsOutputs>>, ProviderError> {
        let (pool, tid) = parse_id(id, hint)?;
        // The terms, or their user pool, are gone.
        let Some(out) = ctx
            .aws
            .call("DescribeTerms", Some(pool), || {
                ctx.aws
                    .idp()
                    .describe_terms()
                    .user_pool_id(pool)
                    .terms_id(tid)
                    .send()
            })
            .await
            .found()?
        else {
            return Ok(None);
        };
        let Some(t) = out.terms() else {
            return Ok(None);
        };
        let links: BTreeMap<String, String> = t
            .links()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        Ok(Some(Found {
            id: terms_id(pool, tid),
            inputs: TermsArgs {
                client_id: t.client_id().to_string(),
                enforcement: Some(t.enforcement().as_str().to_string()),
                links: (!links.is_empty()).then_some(links),
                region: None,
                terms_name: t.terms_name().to_string(),
                terms_source: Some(t.terms_source().as_str().to_string()),
                user_pool_id: pool.to_string(),
            },
            outputs: TermsOutputs {
                terms_id: tid.to_string(),
            },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &TermsArgs,
        i: &TermsArgs,
    ) -> Result<(), OpError> {
        let (pool, tid) = parse_id(id, Some(i))?;
        let r = ctx
            .aws
            .call("UpdateTerms", Some(pool), || {
                ctx.aws
                    .idp()
                    .update_terms()
                    .user_pool_id(pool)
                    .terms_id(tid)
                    .terms_name(&i.terms_name)
                    .terms_source(i.terms_source.as_deref().unwrap_or("LINK").into())
                    .enforcement(i.enforcement.as_deref().unwrap_or("NONE").into())
                    .set_links(i.links.clone().map(|m| m.into_iter().collect()))
                    .send()
            })
            .await;
        match r {
            Ok(_) => Ok(()),
            Err(e) if e.code.as_deref() == Some("TermsExistsException") => {
                let existing = named(ctx, i, None).await.ok().unwrap_or_default();
                Err(exists_error(e, i, existing.first().map(String::as_str)).into())
            }
            Err(e) => Err(e.into()),
        }
    }

    async fn delete(ctx: Ctx<'_>, id: &str, i: &TermsArgs) -> Result<(), ProviderError> {
        let (pool, tid) = parse_id(id, Some(i))?;
        ctx.aws
            .call("DeleteTerms", Some(pool), || {
                ctx.aws
                    .idp()
                    .delete_terms()
                    .user_pool_id(pool)
                    .terms_id(tid)
                    .send()
            })
            .await
            .or_gone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(terms_id("p_1", "t"), "p_1|t");
        assert_eq!(parse_id("p_1|t", None).unwrap(), ("p_1", "t"));
        let hint = TermsArgs {
            user_pool_id: "p_2".into(),
            ..Default::default()
        };
        assert_eq!(parse_id("t", Some(&hint)).unwrap(), ("p_2", "t"));
        assert!(parse_id("t", None).is_err());
        assert!(parse_id("|t", None).is_err());
        assert!(parse_id("p|", None).is_err());
    }

    #[test]
    fn links_allow_urls_not_spaces() {
        assert!(LINK_RE.is_match("https://example.com/terms?lang=es#top"));
        assert!(!LINK_RE.is_match("https://example.com/a b"));
    }
}
