//! `cognito:index:UserPoolUICustomization`: the CSS and logo of the classic hosted UI, for a
//! whole user pool (`clientId` `ALL`) or for one app client. A [`Setting`] on the pool's
//! hosted UI: AWS only sets it (`SetUICustomization`), reads it (`GetUICustomization`), and
//! resets it by a set with no CSS and no image.
//!
//! - It needs a domain on the pool: without one (the domain was deleted), it reads as gone.
//! - The logo (`imageFile`) is write-only: AWS returns only its `imageUrl`, so the image is
//!   kept from the program and compared with the program's previous one, never with AWS.
//! - A client's customization overrides the pool's; both coexist. AWS answers a read for a
//!   client without its own settings with the pool's (`ALL`), which is not the client's.

use super::settings::Setting;
use crate::aws::{AwsError, ErrorKind};
use crate::codec::PropPath;
use crate::error::ProviderError;
use crate::progress;
use crate::resource::{Ctx, Failure};
use crate::validate::{pool_id_ok, Checker};
use async_trait::async_trait;
use aws_smithy_types::date_time::Format;
use aws_smithy_types::{Blob, DateTime};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;
use tokio::time::Instant;

/// The inputs of a UI customization.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUICustomizationArgs {
    /// The app client to customize, or `ALL` (the default) for every client of the pool that has no settings of its own. A client's customization overrides the pool's; the two coexist. Changing it replaces the customization.
    pub client_id: Option<String>,
    /// The CSS of the classic hosted UI, at most 131,072 characters, using only the classes of Cognito's CSS template. At least one of `css` and `imageFile` is required.
    pub css: Option<String>,
    /// The logo, a PNG or JPEG image of at most 100 KB, base64-encoded (e.g. `filebase64("logo.png")`). Write-only: AWS returns only `imageUrl`, so the image is compared with the program's previous one, never with AWS, and an import cannot fill it in. Changing it updates in place.
    pub image_file: Option<String>,
    /// The AWS region of the user pool; defaults to the provider's region. Changing it replaces the customization.
    pub region: Option<String>,
    /// The user pool, which must have a domain (a `UserPoolDomain`). Changing it replaces the customization.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of a UI customization.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserPoolUICustomizationOutputs {
    /// When the customization was created (RFC 3339).
    pub creation_date: Option<String>,
    /// The version of the CSS AWS holds.
    pub css_version: Option<String>,
    /// The URL of the hosted logo, when an image is set.
    pub image_url: Option<String>,
    /// When the customization was last changed (RFC 3339).
    pub last_modified_date: Option<String>,
}

/// The UI customization resource.
pub struct UserPoolUICustomization;

/// The pool-wide customization's client id.
pub const ALL: &str = "ALL";
/// The longest CSS AWS takes (the API's `CSSType`).
pub const MAX_CSS: usize = 131_072;
/// The largest logo, decoded (the Developer Guide's 100 KB limit for hosted UI logos).
pub const MAX_IMAGE: usize = 100 * 1024;
/// How long a write waits for the pool's domain to become active when the engine sets no
/// timeout (the domain resource itself waits for `ACTIVE`; this covers a program that does
/// not make the customization depend on it).
const DOMAIN_WAIT: Duration = Duration::from_secs(10 * 60);
/// The first pause between attempts while the domain is not active; it doubles up to 30 s.
const FIRST_PAUSE: Duration = Duration::from_secs(2);

/// One customization: a pool and a client (or `ALL`). The id is `<userPoolId>,<clientId>`,
/// pulumi-aws's import id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UiKey {
    /// The user pool id.
    pub pool: String,
    /// The app client id, or `ALL`.
    pub client: String,
}

impl fmt::Display for UiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{},{}", self.pool, self.client)
    }
}

/// True if `s` is an app client id by AWS's pattern `[\w+]+`, 1 to 128 characters (`ALL`
/// matches it too).
pub fn client_id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+')
}

/// Parses `<userPoolId>,<clientId>` (or a bare `<userPoolId>`, meaning `ALL`).
pub fn parse_key(id: &str) -> Option<UiKey> {
    let (pool, client) = id.split_once(',').unwrap_or((id, ALL));
    (pool_id_ok(pool) && client_id_ok(client)).then(|| UiKey {
        pool: pool.to_string(),
        client: client.to_string(),
    })
}

/// True for a PNG or JPEG by its first bytes.
fn png_or_jpeg(data: &[u8]) -> bool {
    data.starts_with(b"\x89PNG\r\n\x1a\n") || data.starts_with(b"\xff\xd8\xff")
}

/// Decodes `imageFile` (standard base64, padded).
fn decode_image(b64: &str) -> Result<Vec<u8>, String> {
    aws_smithy_types::base64::decode(b64).map_err(|e| e.to_string())
}

/// AWS's "no domain" refusal of SetUICustomization and GetUICustomization.
fn no_domain(e: &AwsError) -> bool {
    e.kind == ErrorKind::Invalid && {
        let m = e.message.to_ascii_lowercase();
        m.contains("domain") && (m.contains("existing") || m.contains("no domain"))
    }
}

/// AWS's refusal while the pool's domain is still being created ("The domain associated
/// with this user pool is currently not Active.").
fn domain_not_active(e: &AwsError) -> bool {
    e.kind == ErrorKind::Invalid && {
        let m = e.message.to_ascii_lowercase();
        m.contains("domain") && m.contains("not active")
    }
}

fn date(d: Option<&DateTime>) -> Option<String> {
    d.and_then(|d| d.fmt(Format::DateTime).ok())
}

#[async_trait]
impl Setting for UserPoolUICustomization {
    type Inputs = UserPoolUICustomizationArgs;
    type Outputs = UserPoolUICustomizationOutputs;
    type Key = UiKey;
    const TOKEN: &'static str = "cognito:index:UserPoolUICustomization";
    const DESCRIPTION: &'static str = include_str!("user_pool_ui_customization.md");
    const ID_FORMAT: &'static str =
        "<userPoolId>,<clientId>, e.g. us-east-1_AbC123,ALL or us-east-1_AbC123,1example23456789";
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["clientId", "region", "userPoolId"];
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[("clientId", "\"ALL\"")];
    const WRITE_ONLY: &'static [&'static str] = &["imageFile"];
    // Every set makes a new version and modification date, and may move the logo's URL.
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] = &[
        ("cssVersion", &["*"]),
        ("imageUrl", &["*"]),
        ("lastModifiedDate", &["*"]),
    ];

    fn normalize(i: &mut UserPoolUICustomizationArgs) {
        // Written out, so that the state says which customization this is.
        i.client_id.get_or_insert_with(|| ALL.to_string());
        // Empty CSS or image is none to AWS.
        if i.css.as_deref() == Some("") {
            i.css = None;
        }
        if i.image_file.as_deref() == Some("") {
            i.image_file = None;
        }
    }

    fn check(i: &UserPoolUICustomizationArgs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        let unknown = |k: &str| unknowns.iter().any(|u| u.top() == Some(k));
        c.pool_id(&i.user_pool_id, unknown("userPoolId"), "userPoolId");
        if let (Some(r), Some((pool_region, _))) = (&i.region, i.user_pool_id.rsplit_once('_')) {
            c.rule_with(r == pool_region, "userPoolId", || {
                format!("is a user pool of region {pool_region}, but region is {r}: a user pool id begins with its region")
            });
        }
        if let Some(client) = &i.client_id {
            c.len(Some(client), 1, 128, "clientId");
            c.rule_with(client_id_ok(client), "clientId", || {
                format!("must be an app client id ([\\w+]+, e.g. a UserPoolClient's id) or ALL, got {client:?}")
            });
        }
        if let Some(css) = &i.css {
            c.rule_with(css.chars().count() <= MAX_CSS, "css", || {
                format!(
                    "must be at most {MAX_CSS} characters, got {}",
                    css.chars().count()
                )
            });
        }
        if let Some(image) = &i.image_file {
            match decode_image(image) {
                Err(e) => c.rule_with(false, "imageFile", || {
                    format!("must be a base64-encoded PNG or JPEG image (e.g. filebase64(\"logo.png\")): {e}")
                }),
                Ok(data) => {
                    c.rule_with(data.len() <= MAX_IMAGE, "imageFile", || {
                        format!(
                            "must be at most 100 KB ({MAX_IMAGE} bytes) decoded, got {} bytes",
                            data.len()
                        )
                    });
                    c.rule(
                        png_or_jpeg(&data),
                        "imageFile",
                        "must be a PNG or JPEG image (the hosted UI takes .png, .jpg and .jpeg logos)",
                    );
                }
            }
        }
        c.rule(
            i.css.is_some() || i.image_file.is_some() || unknown("css") || unknown("imageFile"),
            "css",
            "one of css and imageFile is required: a customization with neither sets nothing",
        );
        c.done()
    }

    fn key(i: &UserPoolUICustomizationArgs) -> UiKey {
        UiKey {
            pool: i.user_pool_id.clone(),
            client: i.client_id.clone().unwrap_or_else(|| ALL.to_string()),
        }
    }

    fn parse_id(id: &str) -> Option<UiKey> {
        parse_key(id)
    }

    /// A pool or client with a customization already belongs to another resource (or to
    /// someone outside this stack): creating this one would overwrite it.
    async fn claim(ctx: Ctx<'_>, key: &UiKey) -> Result<(), ProviderError> {
        let Some((held, _)) = Self::get(ctx, key, None).await? else {
            return Ok(());
        };
        let what = match (&held.css, held.image_file.is_some()) {
            (Some(_), _) => "CSS",
            _ => "a logo",
        };
        Err(ProviderError::InvalidArgument(format!(
            "{} already has a hosted UI customization ({what}); creating this one would overwrite it. Import it (`pulumi import cognito:index:UserPoolUICustomization <name> {key}`), or remove the other one first",
            if key.client == ALL {
                format!("user pool {}", key.pool)
            } else {
                format!("app client {} of user pool {}", key.client, key.pool)
            },
        )))
    }

    async fn get(
        ctx: Ctx<'_>,
        key: &UiKey,
        _hint: Option<&UserPoolUICustomizationArgs>,
    ) -> Result<Option<(UserPoolUICustomizationArgs, UserPoolUICustomizationOutputs)>, ProviderError>
    {
        // The customization lives on the pool's hosted UI: a pool without a domain (it was
        // deleted) holds none, whatever AWS still keeps of it. A pool that is gone is
        // ResourceNotFoundException, which reads as gone.
        if !has_domain(ctx, &key.pool).await? {
            return Ok(None);
        }
        let out = match ctx
            .aws
            .call("GetUICustomization", Some(&key.pool), || {
                ctx.aws
                    .idp()
                    .get_ui_customization()
                    .user_pool_id(&key.pool)
                    .client_id(&key.client)
                    .send()
            })
            .await
        {
            Ok(o) => o,
            // The domain went between the two calls.
            Err(e) if no_domain(&e) => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let Some(ui) = out.ui_customization else {
            return Ok(None);
        };
        // A client without settings of its own gets the pool's (ClientId ALL, or none).
        let client = ui.client_id().filter(|c| !c.is_empty()).unwrap_or(ALL);
        let css = ui.css().filter(|c| !c.is_empty()).map(str::to_string);
        let image_url = ui.image_url().filter(|u| !u.is_empty()).map(str::to_string);
        if client != key.client || (css.is_none() && image_url.is_none()) {
            return Ok(None);
        }
        let inputs = UserPoolUICustomizationArgs {
            client_id: Some(key.client.clone()),
            css,
            image_file: None,
            region: None,
            user_pool_id: ui.user_pool_id().unwrap_or(&key.pool).to_string(),
        };
        let outputs = UserPoolUICustomizationOutputs {
            creation_date: date(ui.creation_date()),
            css_version: ui.css_version().map(str::to_string),
            image_url,
            last_modified_date: date(ui.last_modified_date()),
        };
        Ok(Some((inputs, outputs)))
    }

    async fn set(
        ctx: Ctx<'_>,
        key: &UiKey,
        i: &UserPoolUICustomizationArgs,
    ) -> Result<(), ProviderError> {
        let image = match &i.image_file {
            Some(b64) => Some(Blob::new(decode_image(b64).map_err(|e| {
                ProviderError::InvalidArgument(format!("imageFile: not base64: {e}"))
            })?)),
            None => None,
        };
        match put(ctx, key, i.css.as_deref(), image).await {
            Err(e) if no_domain(&e) => Err(ProviderError::InvalidArgument(format!(
                "{e} — user pool {} has no domain, and the hosted UI customization needs one: add a cognito.UserPoolDomain for the pool and make the customization depend on it (e.g. userPoolId: domain.userPoolId)",
                key.pool
            ))),
            other => other.map_err(Into::into),
        }
    }

    /// Sets no CSS and no image: the pool's hosted UI gets Cognito's default look, and a
    /// client goes back to the pool's. A pool whose domain is gone has nothing to reset.
    async fn reset(
        ctx: Ctx<'_>,
        key: &UiKey,
        _i: &UserPoolUICustomizationArgs,
    ) -> Result<(), ProviderError> {
        match put(ctx, key, None, None).await {
            Err(e) if no_domain(&e) => Ok(()),
            other => other.map_err(Into::into),
        }
    }
}

/// Whether the pool has a domain (a prefix or a custom one), by DescribeUserPool.
async fn has_domain(ctx: Ctx<'_>, pool: &str) -> Result<bool, ProviderError> {
    let out = ctx
        .aws
        .call("DescribeUserPool", None, || {
            ctx.aws.idp().describe_user_pool().user_pool_id(pool).send()
        })
        .await?;
    let set = |d: Option<&str>| d.is_some_and(|d| !d.is_empty());
    Ok(out
        .user_pool()
        .is_some_and(|p| set(p.domain()) || set(p.custom_domain())))
}

/// SetUICustomization, waiting (with backoff and progress reports, within the engine's
/// timeout) while AWS says the pool's domain is not active yet.
async fn put(
    ctx: Ctx<'_>,
    key: &UiKey,
    css: Option<&str>,
    image: Option<Blob>,
) -> Result<(), AwsError> {
    let stop = progress::wait_until(DOMAIN_WAIT);
    let started = Instant::now();
    let mut pause = FIRST_PAUSE;
    loop {
        let sent = ctx
            .aws
            .call("SetUICustomization", Some(&key.pool), || {
                ctx.aws
                    .idp()
                    .set_ui_customization()
                    .user_pool_id(&key.pool)
                    .client_id(&key.client)
                    .set_css(css.map(str::to_string))
                    .set_image_file(image.clone())
                    .send()
            })
            .await;
        match sent {
            Err(e) if domain_not_active(&e) => {
                let now = Instant::now();
                if now >= stop {
                    return Err(AwsError {
                        message: format!(
                            "{} (still after {}s; raise customTimeouts, or check the pool's UserPoolDomain)",
                            e.message,
                            started.elapsed().as_secs()
                        ),
                        ..e
                    });
                }
                progress::report(&format!(
                    "hosted UI customization {key}: the user pool's domain is not active yet after {}s, waiting",
                    started.elapsed().as_secs()
                ));
                tokio::time::sleep(pause.min(stop - now)).await;
                pause = (pause * 2).min(Duration::from_secs(30));
            }
            other => return other.map(|_| ()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_parse_and_print() {
        let k = parse_key("us-east-1_AbC123,1example23").unwrap();
        assert_eq!(k.pool, "us-east-1_AbC123");
        assert_eq!(k.client, "1example23");
        assert_eq!(k.to_string(), "us-east-1_AbC123,1example23");
        assert_eq!(parse_key("us-east-1_AbC123").unwrap().client, ALL);
        assert!(parse_key("us-east-1_AbC123,").is_none());
        assert!(parse_key("pool,ALL").is_none());
        assert!(parse_key("us-east-1_AbC123,a-b").is_none());
        assert!(parse_key("us-east-1_AbC123|ALL").is_none());
    }

    #[test]
    fn image_kinds() {
        assert!(png_or_jpeg(b"\x89PNG\r\n\x1a\nrest"));
        assert!(png_or_jpeg(b"\xff\xd8\xff\xe0"));
        assert!(!png_or_jpeg(b"GIF89a"));
    }
}
