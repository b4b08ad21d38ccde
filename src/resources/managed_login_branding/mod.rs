//! `cognito:index:ManagedLoginBranding`: the branding style of an app client's managed login
//! pages (the new hosted UI): a `settings` JSON document and image `assets`.
//!
//! What AWS does that shapes this file:
//! - DescribeManagedLoginBranding does not return the app client; Read keeps it from the
//!   last inputs, and an import looks it up client by client (as terraform-provider-aws).
//! - UpdateManagedLoginBranding keeps the settings and assets a request leaves out, so a
//!   removal (a settings key, an asset) first resets the style to Cognito's values and then
//!   applies the desired settings and assets.
//! - Requests are limited to 2 MB; assets beyond the first request go in later updates.
//! - A delete can meet `ConcurrentModificationException` while AWS is still applying a
//!   change; it is retried a few times with backoff.

use crate::aws::{backoff, AwsError, Created, ErrorKind};
use crate::codec::PropPath;
use crate::diff::PropDiff;
use crate::error::{OpError, PartialExt, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use crate::validate::{Checker, Pattern};
use async_trait::async_trait;
use aws_sdk_cognitoidentityprovider::types as t;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;

/// An image of a branding style: a logo, background, icon or graphic for one category and
/// color mode.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedLoginBrandingAsset {
    /// The image file, base64-encoded; at most 1,000,000 bytes once decoded. Compared by
    /// the SHA-256 of its bytes, so a re-encoding of the same image is no change; a new
    /// image updates in place.
    pub bytes: Option<String>,
    /// What the image is for: `FAVICON_ICO`, `FAVICON_SVG`, `EMAIL_GRAPHIC`, `SMS_GRAPHIC`,
    /// `AUTH_APP_GRAPHIC`, `PASSWORD_GRAPHIC`, `PASSKEY_GRAPHIC`, `PAGE_HEADER_LOGO`,
    /// `PAGE_HEADER_BACKGROUND`, `PAGE_FOOTER_LOGO`, `PAGE_FOOTER_BACKGROUND`,
    /// `PAGE_BACKGROUND`, `FORM_BACKGROUND`, `FORM_LOGO` or `IDP_BUTTON_ICON`. With
    /// `colorMode`, the key of the asset: one asset per category and color mode.
    #[serde(default)]
    pub category: String,
    /// The display mode the image is for: `LIGHT`, `DARK` or `DYNAMIC`.
    #[serde(default)]
    pub color_mode: String,
    /// The file type: `ICO`, `JPEG`, `PNG`, `SVG` or `WEBP`.
    #[serde(default)]
    pub extension: String,
    /// The asset's ID, 1 to 40 characters of `[\w\- ]`.
    pub resource_id: Option<String>,
}

/// The inputs of a managed login branding style.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedLoginBrandingArgs {
    /// Image files for roles like backgrounds, logos and icons (at most 40), one per
    /// `category` and `colorMode`. A set keyed by those two: order does not matter, and
    /// changes update in place.
    pub assets: Option<Vec<ManagedLoginBrandingAsset>>,
    /// The app client the branding style is for. An app client has at most one style.
    /// Changing it replaces the style.
    #[serde(default)]
    pub client_id: String,
    /// The AWS region to manage the style in; defaults to the provider's region. Changing
    /// it replaces the style.
    pub region: Option<String>,
    /// A JSON document (an object) with the settings to apply to the style, as the branding
    /// designer exports it. Compared as JSON: key order, whitespace and `8` against `8.0`
    /// are no change. Conflicts with `useCognitoProvidedValues`.
    pub settings: Option<String>,
    /// When `true`, the style uses Cognito's default settings and images; `settings` and
    /// `assets` must then be left out.
    pub use_cognito_provided_values: Option<bool>,
    /// The user pool the app client belongs to. Changing it replaces the style.
    #[serde(default)]
    pub user_pool_id: String,
}

/// The computed outputs of a managed login branding style.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ManagedLoginBrandingOutputs {
    /// The ID of the branding style.
    pub managed_login_branding_id: String,
    /// The style's settings merged with Cognito's defaults for everything not customized
    /// (a JSON document, keys sorted).
    pub settings_all: Option<String>,
}

/// The managed login branding resource.
pub struct ManagedLoginBranding;

/// AWS's asset categories (`AssetCategoryType`).
const CATEGORIES: &[&str] = &[
    "FAVICON_ICO",
    "FAVICON_SVG",
    "EMAIL_GRAPHIC",
    "SMS_GRAPHIC",
    "AUTH_APP_GRAPHIC",
    "PASSWORD_GRAPHIC",
    "PASSKEY_GRAPHIC",
    "PAGE_HEADER_LOGO",
    "PAGE_HEADER_BACKGROUND",
    "PAGE_FOOTER_LOGO",
    "PAGE_FOOTER_BACKGROUND",
    "PAGE_BACKGROUND",
    "FORM_BACKGROUND",
    "FORM_LOGO",
    "IDP_BUTTON_ICON",
];
/// AWS's color modes (`ColorSchemeModeType`).
const COLOR_MODES: &[&str] = &["LIGHT", "DARK", "DYNAMIC"];
/// AWS's asset file types (`AssetExtensionType`).
const EXTENSIONS: &[&str] = &["ICO", "JPEG", "PNG", "SVG", "WEBP"];
/// The most assets a style holds (`AssetListType`).
const MAX_ASSETS: usize = 40;
/// The largest image, in bytes (`AssetBytesType`).
const MAX_ASSET_BYTES: usize = 1_000_000;
/// How many times a delete that meets `ConcurrentModificationException` is tried.
const DELETE_ATTEMPTS: u32 = 5;

/// AWS's pattern for app client ids: `[\w+]+`.
static CLIENT_ID_RE: Pattern = Pattern::new(r"^[\w+]+$");

/// AWS's pattern for asset resource ids: `^[\w\- ]+$`.
static RESOURCE_ID_RE: Pattern = Pattern::new(r"^[\w\- ]+$");

/// Checks the `userPoolId` and `clientId` of a resource that belongs to an app client:
/// both required, with AWS's lengths and patterns.
pub(crate) fn check_pool_and_client(c: &mut Checker, pool: &str, client: &str) {
    c.pool_id(pool, false, "userPoolId");
    c.rule(!client.is_empty(), "clientId", "is required");
    if !client.is_empty() {
        c.len(Some(client), 1, 128, "clientId");
        c.pattern(
            Some(client),
            &CLIENT_ID_RE,
            "must match [\\w+]+",
            "clientId",
        );
    }
}

/// The id of a branding style: `userPoolId,managedLoginBrandingId` (also its import id, as
/// pulumi-aws documents it).
pub fn branding_id(pool: &str, id: &str) -> String {
    format!("{pool},{id}")
}

/// Splits an id `userPoolId,managedLoginBrandingId`; a bare branding id takes the pool
/// from the last inputs.
fn parse_id<'a>(
    id: &'a str,
    hint: Option<&'a ManagedLoginBrandingArgs>,
) -> Result<(&'a str, &'a str), ProviderError> {
    match id.split_once(',') {
        Some((p, b)) if !p.is_empty() && !b.is_empty() => Ok((p, b)),
        None if !id.is_empty() => match hint.map(|h| h.user_pool_id.as_str()) {
            Some(p) if !p.is_empty() => Ok((p, id)),
            _ => Err(bad_id(id)),
        },
        _ => Err(bad_id(id)),
    }
}

fn bad_id(id: &str) -> ProviderError {
    ProviderError::InvalidArgument(format!(
        "cannot read managed login branding {id:?}: its id is <userPoolId>,<managedLoginBrandingId>"
    ))
}

mod assets;
mod document;

use assets::{
    asset_key, batches, decode_bytes, diff_assets, reported_asset, same_bytes, sdk_assets,
};
pub use document::{canonical, from_document, json_same, to_document};
use document::{canonical_text, merge, parse_settings, project_json};

// ---------------------------------------------------------------------------------------
// AWS calls
// ---------------------------------------------------------------------------------------

/// One style as DescribeManagedLoginBranding returns it; `None` if it (or its pool) is gone.
async fn describe(
    ctx: Ctx<'_>,
    pool: &str,
    id: &str,
    merged: bool,
) -> Result<Option<t::ManagedLoginBrandingType>, AwsError> {
    match ctx
        .aws
        .call("DescribeManagedLoginBranding", Some(pool), || {
            ctx.aws
                .idp()
                .describe_managed_login_branding()
                .user_pool_id(pool)
                .managed_login_branding_id(id)
                .return_merged_resources(merged)
                .send()
        })
        .await
    {
        Ok(o) => Ok(o.managed_login_branding),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The style of an app client, if it has one.
async fn by_client(
    ctx: Ctx<'_>,
    pool: &str,
    client: &str,
) -> Result<Option<t::ManagedLoginBrandingType>, AwsError> {
    match ctx
        .aws
        .call("DescribeManagedLoginBrandingByClient", Some(pool), || {
            ctx.aws
                .idp()
                .describe_managed_login_branding_by_client()
                .user_pool_id(pool)
                .client_id(client)
                .send()
        })
        .await
    {
        Ok(o) => Ok(o.managed_login_branding),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The app client whose style `id` is (for an import: AWS does not say), by asking each
/// client of the pool for its style.
async fn owner(ctx: Ctx<'_>, pool: &str, id: &str) -> Result<Option<String>, AwsError> {
    let mut next: Option<String> = None;
    loop {
        let page = match ctx
            .aws
            .call("ListUserPoolClients", Some(pool), || {
                ctx.aws
                    .idp()
                    .list_user_pool_clients()
                    .user_pool_id(pool)
                    .max_results(60)
                    .set_next_token(next.clone())
                    .send()
            })
            .await
        {
            Ok(p) => p,
            Err(e) if e.kind == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e),
        };
        for c in page.user_pool_clients() {
            let Some(client) = c.client_id() else {
                continue;
            };
            let style = by_client(ctx, pool, client).await?;
            if style
                .as_ref()
                .and_then(|s| s.managed_login_branding_id())
                .is_some_and(|b| b == id)
            {
                return Ok(Some(client.to_string()));
            }
        }
        next = page.next_token().map(str::to_string);
        if next.is_none() {
            return Ok(None);
        }
    }
}

/// Sends assets (and, first, settings) to an existing style, one request per batch, each
/// turning Cognito's provided values off; with nothing to send, one such request only if
/// `switch_off`.
async fn apply(
    ctx: Ctx<'_>,
    pool: &str,
    id: &str,
    settings: Option<&Value>,
    assets: &[ManagedLoginBrandingAsset],
    switch_off: bool,
) -> Result<(), AwsError> {
    let settings_len = settings.map_or(0, |s| canonical_text(s).len());
    for (n, batch) in batches(assets, settings_len).into_iter().enumerate() {
        let settings = if n == 0 { settings } else { None };
        if settings.is_none() && batch.is_empty() && !(n == 0 && switch_off) {
            continue;
        }
        ctx.aws
            .call("UpdateManagedLoginBranding", Some(pool), || {
                ctx.aws
                    .idp()
                    .update_managed_login_branding()
                    .user_pool_id(pool)
                    .managed_login_branding_id(id)
                    .use_cognito_provided_values(false)
                    .set_settings(settings.map(to_document))
                    .set_assets((!batch.is_empty()).then(|| sdk_assets(&batch)))
                    .send()
            })
            .await?;
    }
    Ok(())
}

/// Returns the style to Cognito's own settings and images.
async fn reset(ctx: Ctx<'_>, pool: &str, id: &str) -> Result<(), AwsError> {
    ctx.aws
        .call("UpdateManagedLoginBranding", Some(pool), || {
            ctx.aws
                .idp()
                .update_managed_login_branding()
                .user_pool_id(pool)
                .managed_login_branding_id(id)
                .use_cognito_provided_values(true)
                .send()
        })
        .await
        .map(|_| ())
}

/// The error for a client that already has a style, naming it so that it can be imported.
fn exists_error(e: AwsError, pool: &str, client: &str, existing: Option<&str>) -> ProviderError {
    let import = match existing {
        Some(b) => format!(
            "import it with `pulumi import cognito:index:ManagedLoginBranding <name> {}`",
            branding_id(pool, b)
        ),
        None => "import it (id <userPoolId>,<managedLoginBrandingId>)".to_string(),
    };
    ProviderError::InvalidArgument(format!(
        "app client {client} of user pool {pool} already has a managed login branding style \
         (an app client has one; {e}): {import}, or delete it first"
    ))
}

#[async_trait]
impl Resource for ManagedLoginBranding {
    type Inputs = ManagedLoginBrandingArgs;
    type Outputs = ManagedLoginBrandingOutputs;
    const TOKEN: &'static str = "cognito:index:ManagedLoginBranding";
    const DESCRIPTION: &'static str = r#"The managed login branding style of a Cognito app client: the look of its managed login pages (the new hosted UI, a domain with `managedLoginVersion` 2), as a `settings` JSON document from the branding designer and image `assets`, or Cognito's defaults with `useCognitoProvidedValues`.

An app client has one style. `settings` is compared as JSON (key order, whitespace and `8` against `8.0` are no change); `settingsAll` is what AWS merged with its defaults. `assets` are keyed by `category` and `colorMode` and compared by the hash of their bytes; changes to either update in place. Only `userPoolId`, `clientId` and `region` replace the style.

{{% examples %}}
## Example Usage
{{% example %}}
### A branding style with settings and a logo

```typescript
import * as fs from "fs";
import * as cognito from "@pulumi-cognito/cognito";

const pool = new cognito.UserPool("pool", {});
const client = new cognito.UserPoolClient("client", { userPoolId: pool.id });
const branding = new cognito.ManagedLoginBranding("branding", {
    userPoolId: pool.id,
    clientId: client.id,
    settings: JSON.stringify({ components: { pageBackground: { lightMode: { color: "f2f8fdff" } } } }),
    assets: [{
        category: "PAGE_HEADER_LOGO",
        colorMode: "LIGHT",
        extension: "SVG",
        bytes: fs.readFileSync("logo.svg").toString("base64"),
    }],
});
export const brandingId = branding.managedLoginBrandingId;
```
```python
import base64
import json
import pulumi
import pulumi_cognito as cognito

pool = cognito.UserPool("pool")
client = cognito.UserPoolClient("client", user_pool_id=pool.id)
branding = cognito.ManagedLoginBranding("branding",
    user_pool_id=pool.id,
    client_id=client.id,
    settings=json.dumps({"components": {"pageBackground": {"lightMode": {"color": "f2f8fdff"}}}}),
    assets=[cognito.ManagedLoginBrandingAssetArgs(
        category="PAGE_HEADER_LOGO",
        color_mode="LIGHT",
        extension="SVG",
        bytes=base64.b64encode(open("logo.svg", "rb").read()).decode(),
    )])
pulumi.export("brandingId", branding.managed_login_branding_id)
```
```go
package main

import (
	"encoding/base64"
	"os"

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
		logo, err := os.ReadFile("logo.svg")
		if err != nil {
			return err
		}
		branding, err := cognito.NewManagedLoginBranding(ctx, "branding", &cognito.ManagedLoginBrandingArgs{
			UserPoolId: pool.ID(),
			ClientId:   client.ID(),
			Settings:   pulumi.String(`{"components":{"pageBackground":{"lightMode":{"color":"f2f8fdff"}}}}`),
			Assets: cognito.ManagedLoginBrandingAssetArray{
				cognito.ManagedLoginBrandingAssetArgs{
					Category:  pulumi.String("PAGE_HEADER_LOGO"),
					ColorMode: pulumi.String("LIGHT"),
					Extension: pulumi.String("SVG"),
					Bytes:     pulumi.String(base64.StdEncoding.EncodeToString(logo)),
				},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("brandingId", branding.ManagedLoginBrandingId)
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
  branding:
    type: cognito:index:ManagedLoginBranding
    properties:
      userPoolId: ${pool.id}
      clientId: ${client.id}
      settings:
        fn::toJSON:
          components:
            pageBackground:
              lightMode:
                color: f2f8fdff
      assets:
        - category: PAGE_HEADER_LOGO
          colorMode: LIGHT
          extension: SVG
          bytes:
            fn::toBase64:
              fn::readFile: logo.svg
outputs:
  brandingId: ${branding.managedLoginBrandingId}
```
{{% /example %}}
{{% /examples %}}

## Import

A branding style is imported by its user pool id and branding style id, joined by `,` (as in pulumi-aws):

```sh
$ pulumi import cognito:index:ManagedLoginBranding branding us-east-1_abc123,06c6ae7b-1e66-46d2-87a9-1203ea3307bd
```
"#;
    const REPLACE_ON_CHANGES: &'static [&'static str] = &["clientId", "region", "userPoolId"];
    const DEFAULTS: &'static [(&'static str, &'static str)] =
        &[("useCognitoProvidedValues", "false")];
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] = &[(
        "settingsAll",
        &["settings", "useCognitoProvidedValues", "assets"],
    )];

    fn normalize(i: &mut ManagedLoginBrandingArgs) {
        if let Some(a) = &mut i.assets {
            a.sort_by(|x, y| asset_key(x).cmp(&asset_key(y)));
        }
        // No assets and an empty list mean the same to AWS.
        if i.assets.as_ref().is_some_and(Vec::is_empty) {
            i.assets = None;
        }
    }

    fn check(i: &ManagedLoginBrandingArgs, _unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        let mut c = Checker::default();
        check_pool_and_client(&mut c, &i.user_pool_id, &i.client_id);
        if let Some(s) = &i.settings {
            match parse_settings(s) {
                Some(Value::Object(_)) => {}
                Some(_) => c.rule(false, "settings", "must be a JSON object"),
                None => c.rule(false, "settings", "must be a JSON document"),
            }
        }
        if i.use_cognito_provided_values == Some(true) {
            c.rule(
                i.settings.is_none(),
                "settings",
                "conflicts with useCognitoProvidedValues = true (Cognito's values replace the settings)",
            );
            c.rule(
                i.assets.is_none(),
                "assets",
                "conflicts with useCognitoProvidedValues = true (Cognito's values replace the assets)",
            );
        }
        let assets = i.assets.as_deref().unwrap_or_default();
        c.rule_with(assets.len() <= MAX_ASSETS, "assets", || {
            format!(
                "at most {MAX_ASSETS} assets are allowed, got {}",
                assets.len()
            )
        });
        for (n, a) in assets.iter().enumerate() {
            let path = format_args!("assets[{n}]");
            c.one_of(
                Some(&a.category),
                CATEGORIES,
                format_args!("{path}.category"),
            );
            c.one_of(
                Some(&a.color_mode),
                COLOR_MODES,
                format_args!("{path}.colorMode"),
            );
            c.one_of(
                Some(&a.extension),
                EXTENSIONS,
                format_args!("{path}.extension"),
            );
            c.rule_with(
                !assets[..n].iter().any(|b| asset_key(b) == asset_key(a)),
                path,
                || {
                    format!(
                        "duplicate asset for category {} and color mode {}: one asset per category and color mode",
                        a.category, a.color_mode
                    )
                },
            );
            if let Some(b) = &a.bytes {
                match decode_bytes(b) {
                    Some(d) => c.rule_with(
                        d.len() <= MAX_ASSET_BYTES,
                        format_args!("{path}.bytes"),
                        || format!("must be at most {MAX_ASSET_BYTES} bytes, got {}", d.len()),
                    ),
                    None => c.rule(false, format_args!("{path}.bytes"), "must be base64"),
                }
            }
            c.len(
                a.resource_id.as_deref(),
                1,
                40,
                format_args!("{path}.resourceId"),
            );
            c.pattern(
                a.resource_id.as_deref(),
                &RESOURCE_ID_RE,
                "must match [\\w\\- ]+",
                format_args!("{path}.resourceId"),
            );
        }
        c.done()
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        match key {
            "settings" => match (old, new) {
                (Some(Value::String(a)), Some(Value::String(b))) => {
                    match (parse_settings(a), parse_settings(b)) {
                        (Some(x), Some(y)) if json_same(&x, &y) => Some(Vec::new()),
                        _ => None,
                    }
                }
                _ => None,
            },
            "assets" => diff_assets(old, new),
            _ => None,
        }
    }

    async fn create(ctx: Ctx<'_>, i: &ManagedLoginBrandingArgs) -> Result<String, OpError> {
        let (pool, client) = (i.user_pool_id.as_str(), i.client_id.as_str());
        let settings = i.settings.as_deref().and_then(parse_settings);
        let assets = i.assets.as_deref().unwrap_or_default();
        let settings_len = settings.as_ref().map_or(0, |s| canonical_text(s).len());
        let all = batches(assets, settings_len);
        let first = all.first().map(|b| sdk_assets(b)).unwrap_or_default();
        let created = ctx
            .aws
            .create(
                "CreateManagedLoginBranding",
                Some(pool),
                || {
                    ctx.aws
                        .idp()
                        .create_managed_login_branding()
                        .user_pool_id(pool)
                        .client_id(client)
                        .set_use_cognito_provided_values(i.use_cognito_provided_values)
                        .set_settings(settings.as_ref().map(to_document))
                        .set_assets((!first.is_empty()).then(|| first.clone()))
                        .send()
                },
                |since| async move {
                    // A lost answer: the client's style, if it was made by that request.
                    Ok(by_client(ctx, pool, client)
                        .await?
                        .filter(|s| s.creation_date().is_none_or(|d| *d >= since))
                        .and_then(|s| s.managed_login_branding_id().map(str::to_string))
                        .into_iter()
                        .collect())
                },
            )
            .await;
        let bid = match created {
            Ok(Created::New(o)) => o
                .managed_login_branding()
                .and_then(|b| b.managed_login_branding_id())
                .map(str::to_string)
                .ok_or_else(|| {
                    ProviderError::InvalidArgument(
                        "CreateManagedLoginBranding returned no id".into(),
                    )
                })?,
            Ok(Created::Adopted(b)) => b,
            Err(e) if e.code.as_deref() == Some("ManagedLoginBrandingExistsException") => {
                let existing = by_client(ctx, pool, client).await.ok().flatten();
                return Err(exists_error(
                    e,
                    pool,
                    client,
                    existing
                        .as_ref()
                        .and_then(|s| s.managed_login_branding_id()),
                )
                .into());
            }
            Err(e) => return Err(e.into()),
        };
        let id = branding_id(pool, &bid);
        // Assets that did not fit in the create's request.
        let rest: Vec<ManagedLoginBrandingAsset> =
            all.iter().skip(1).flatten().map(|a| (*a).clone()).collect();
        if !rest.is_empty() {
            apply(ctx, pool, &bid, None, &rest, false)
                .await
                .partial(&id)?;
        }
        Ok(id)
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&ManagedLoginBrandingArgs>,
    ) -> Result<Option<Found<ManagedLoginBrandingArgs, ManagedLoginBrandingOutputs>>, ProviderError>
    {
        let (pool, bid) = parse_id(id, hint)?;
        let Some(style) = describe(ctx, pool, bid, false).await? else {
            return Ok(None);
        };
        let client = match hint.map(|h| h.client_id.clone()).filter(|c| !c.is_empty()) {
            Some(c) => c,
            None => match owner(ctx, pool, bid).await? {
                Some(c) => c,
                // No client holds it any more: gone with its client.
                None => return Ok(None),
            },
        };
        let hint_settings = hint.and_then(|h| h.settings.as_deref());
        let settings = style.settings().map(from_document).map(|aws| {
            match hint_settings.and_then(|s| Some((s, parse_settings(s)?))) {
                Some((text, ours)) => {
                    let seen = project_json(&aws, &ours);
                    if json_same(&seen, &ours) {
                        text.to_string()
                    } else {
                        canonical_text(&seen)
                    }
                }
                None => canonical_text(&aws),
            }
        });
        let hint_assets = hint.and_then(|h| h.assets.as_deref()).unwrap_or_default();
        let assets: Vec<ManagedLoginBrandingAsset> = style
            .assets()
            .iter()
            .map(|a| {
                let key = (a.category().as_str(), a.color_mode().as_str());
                reported_asset(a, hint_assets.iter().find(|h| asset_key(h) == key))
            })
            .collect();
        let merged = describe(ctx, pool, bid, true).await?;
        let settings_all = merged
            .as_ref()
            .and_then(|m| m.settings())
            .map(|d| canonical_text(&from_document(d)));
        Ok(Some(Found {
            id: branding_id(pool, bid),
            inputs: ManagedLoginBrandingArgs {
                assets: (!assets.is_empty()).then_some(assets),
                client_id: client,
                region: None,
                settings,
                use_cognito_provided_values: Some(style.use_cognito_provided_values()),
                user_pool_id: pool.to_string(),
            },
            outputs: ManagedLoginBrandingOutputs {
                managed_login_branding_id: bid.to_string(),
                settings_all,
            },
        }))
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        old: &ManagedLoginBrandingArgs,
        new: &ManagedLoginBrandingArgs,
    ) -> Result<(), OpError> {
        let (pool, bid) = parse_id(id, Some(new))?;
        if new.use_cognito_provided_values == Some(true) {
            reset(ctx, pool, bid).await?;
            return Ok(());
        }
        // What AWS holds now decides what must be sent: AWS keeps what an update leaves
        // out, so anything to remove needs a reset first.
        let Some(now) = describe(ctx, pool, bid, false).await? else {
            return Err(ProviderError::InvalidArgument(format!(
                "managed login branding {id} no longer exists; run `pulumi refresh`"
            ))
            .into());
        };
        let desired = new.settings.as_deref().and_then(parse_settings);
        let current = now.settings().map(from_document);
        let assets = new.assets.as_deref().unwrap_or_default();
        let old_assets = old.assets.as_deref().unwrap_or_default();
        let removes_settings = match (&current, &desired) {
            (Some(c), Some(d)) => !json_same(&merge(c, d), d),
            (Some(c), None) => c.as_object().is_none_or(|m| !m.is_empty()),
            _ => false,
        };
        let removes_assets = now.assets().iter().any(|a| {
            !assets
                .iter()
                .any(|n| asset_key(n) == (a.category().as_str(), a.color_mode().as_str()))
        });
        let must_reset = removes_settings || removes_assets;
        if must_reset {
            reset(ctx, pool, bid).await?;
        }
        let settings = match (&current, &desired) {
            (_, None) => None,
            (Some(c), Some(d)) if !must_reset && json_same(c, d) => None,
            (_, Some(d)) => Some(d),
        };
        // Assets AWS already holds with the same bytes are not sent again.
        let changed: Vec<ManagedLoginBrandingAsset> = assets
            .iter()
            .filter(|n| {
                must_reset
                    || !now.assets().iter().any(|a| {
                        let held = reported_asset(
                            a,
                            old_assets.iter().find(|o| asset_key(o) == asset_key(n)),
                        );
                        asset_key(&held) == asset_key(n)
                            && held.extension == n.extension
                            && held.resource_id == n.resource_id
                            && match (&held.bytes, &n.bytes) {
                                (Some(x), Some(y)) => same_bytes(x, y),
                                (None, None) => true,
                                _ => false,
                            }
                    })
            })
            .cloned()
            .collect();
        // An explicit `false` turns Cognito's values off even with nothing else to send.
        let switch_off = new.use_cognito_provided_values == Some(false)
            && (must_reset || now.use_cognito_provided_values());
        apply(ctx, pool, bid, settings, &changed, switch_off).await?;
        Ok(())
    }

    async fn delete(
        ctx: Ctx<'_>,
        id: &str,
        i: &ManagedLoginBrandingArgs,
    ) -> Result<(), ProviderError> {
        let (pool, bid) = parse_id(id, Some(i))?;
        let mut attempt = 0;
        loop {
            let r = ctx
                .aws
                .call("DeleteManagedLoginBranding", Some(pool), || {
                    ctx.aws
                        .idp()
                        .delete_managed_login_branding()
                        .user_pool_id(pool)
                        .managed_login_branding_id(bid)
                        .send()
                })
                .await;
            match r {
                Ok(_) => return Ok(()),
                Err(e) if e.kind == ErrorKind::NotFound => return Ok(()),
                // AWS is still applying an earlier change to the style: wait and try again.
                Err(e) if e.kind == ErrorKind::Conflict && attempt + 1 < DELETE_ATTEMPTS => {
                    attempt += 1;
                    tracing::debug!(id, attempt, "managed login branding busy; retrying delete");
                    tokio::time::sleep(backoff(attempt)).await;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert_eq!(
            parse_id("us-east-1_a,b-c", None).unwrap(),
            ("us-east-1_a", "b-c")
        );
        let hint = ManagedLoginBrandingArgs {
            user_pool_id: "p_1".into(),
            ..Default::default()
        };
        assert_eq!(parse_id("bid", Some(&hint)).unwrap(), ("p_1", "bid"));
        assert!(parse_id("bid", None).is_err());
        assert!(parse_id(",bid", None).is_err());
        assert!(parse_id("", Some(&hint)).is_err());
    }
}
