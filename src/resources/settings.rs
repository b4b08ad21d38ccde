//! The one shape of the "settings on a parent": resources that AWS does not create or
//! delete, only sets, reads back and resets on a parent object. An identity pool's roles
//! ([`super::identity_pool_role_attachment`]) and an identity provider's principal tags
//! ([`super::identity_pool_provider_principal_tag`]) are settings; so are a user pool's risk
//! configuration, log delivery, UI customization and managed login branding.
//!
//! A setting implements [`Setting`] (its types, its rules, and four AWS operations on one
//! parent) and is registered like any resource, as `Typed::<MySetting>`: a blanket impl
//! makes every `Setting` a [`Resource`] whose
//! - **create** asks [`Setting::claim`] whether the parent is free (a parent takes one
//!   setting: claim refuses one that already holds a setting, instead of silently
//!   overwriting it), then [`Setting::set`]s, and returns the parent's [`Setting::Key`] as
//!   the id;
//! - **read** parses the id ([`Setting::parse_id`]; an import id has the same form) and
//!   [`Setting::get`]s; a parent that is gone (AWS `ResourceNotFoundException`) or a
//!   setting that `get` finds empty reads as gone;
//! - **update** [`Setting::set`]s the whole new setting (AWS's set calls overwrite);
//! - **delete** [`Setting::reset`]s to AWS's default; a parent that is gone already is
//!   success.
//!
//! To add one: declare its `Inputs` (with the parent's id among them) and `Outputs` as for
//! any resource, a `Key` naming the parent (a `String`, or a small struct whose `Display`
//! is the id), and write `key`, `parse_id`, `get`, `set` and `reset` with one AWS call each
//! through `ctx.aws.call` (and `claim` if AWS would overwrite another owner's setting).
//! Everything else (Check, Diff, preview, secrets, the region override, refresh that
//! reports only what the program set, write-only inputs kept from the program) is the
//! generic machinery of [`crate::resource`]; a setting declares its `WRITE_ONLY` inputs and
//! `PREVIEW_FEEDS` as any resource does.

use crate::aws::AwsError;
use crate::codec::PropPath;
use crate::diff::PropDiff;
use crate::error::{OpError, ProviderError};
use crate::resource::{Ctx, Failure, Found, Resource};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::{Debug, Display};

/// A setting on a parent AWS object (see the [module docs](self)).
#[async_trait]
pub trait Setting: Send + Sync + 'static {
    /// The inputs, the parent's id among them (as [`Resource::Inputs`]).
    type Inputs: Serialize + DeserializeOwned + JsonSchema + Clone + Debug + Send + Sync;
    /// The computed outputs (as [`Resource::Outputs`]); most settings have none.
    type Outputs: Serialize + DeserializeOwned + JsonSchema + Debug + Send + Sync;
    /// Which parent the setting is on. Its `Display` is the resource id.
    type Key: Display + Send + Sync;

    /// The resource token, `cognito:index:<Name>`.
    const TOKEN: &'static str;
    /// The schema description.
    const DESCRIPTION: &'static str;
    /// The id's form, for the error on an id that does not parse, e.g. `<identityPoolId>`.
    const ID_FORMAT: &'static str;
    /// Top-level inputs whose change forces a replacement: those naming the parent.
    const REPLACE_ON_CHANGES: &'static [&'static str] = &[];
    /// As [`Resource::DEFAULTS`].
    const DEFAULTS: &'static [(&'static str, &'static str)] = &[];
    /// As [`Resource::WRITE_ONLY`]: inputs AWS never returns (an image's bytes), kept from
    /// the last inputs instead of compared with AWS.
    const WRITE_ONLY: &'static [&'static str] = &[];
    /// As [`Resource::PREVIEW_FEEDS`]: which inputs feed a computed output (a setting's
    /// version or modification date) in previews of updates.
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] = &[];

    /// As [`Resource::normalize`].
    fn normalize(_inputs: &mut Self::Inputs) {}

    /// As [`Resource::check`].
    fn check(inputs: &Self::Inputs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure>;

    /// As [`Resource::diff_property`].
    fn diff_property(
        _key: &str,
        _old: Option<&Value>,
        _new: Option<&Value>,
    ) -> Option<Vec<PropDiff>> {
        None
    }

    /// The parent the inputs name.
    fn key(inputs: &Self::Inputs) -> Self::Key;

    /// The parent a resource id (or an import id) names; `None` if it is malformed.
    fn parse_id(id: &str) -> Option<Self::Key>;

    /// Before the first [`Setting::set`]: fails if the parent already holds a setting that
    /// a create would overwrite. The default claims nothing.
    async fn claim(_ctx: Ctx<'_>, _key: &Self::Key) -> Result<(), ProviderError> {
        Ok(())
    }

    /// Reads the setting: its inputs (the key's parts included) and outputs, or `None` if
    /// it holds nothing a resource could own. `hint` holds the last known inputs (none on
    /// import), e.g. to list items in the program's order. A parent that is gone may be
    /// reported as `None` or as AWS's not-found error.
    async fn get(
        ctx: Ctx<'_>,
        key: &Self::Key,
        hint: Option<&Self::Inputs>,
    ) -> Result<Option<(Self::Inputs, Self::Outputs)>, ProviderError>;

    /// Writes the whole setting.
    async fn set(ctx: Ctx<'_>, key: &Self::Key, inputs: &Self::Inputs)
        -> Result<(), ProviderError>;

    /// Resets the setting to AWS's default. A not-found error is taken as success.
    async fn reset(
        ctx: Ctx<'_>,
        key: &Self::Key,
        inputs: &Self::Inputs,
    ) -> Result<(), ProviderError>;
}

/// True if `e` is AWS saying the parent does not exist.
fn not_found(e: &ProviderError) -> bool {
    matches!(e, ProviderError::Aws(AwsError { kind, .. }) if *kind == crate::aws::ErrorKind::NotFound)
}

/// Parses an id with [`Setting::parse_id`], or says what an id looks like.
fn parse<S: Setting>(id: &str) -> Result<S::Key, ProviderError> {
    S::parse_id(id).ok_or_else(|| {
        ProviderError::InvalidArgument(format!(
            "{}: the id {id:?} is malformed; it has the form {}",
            S::TOKEN,
            S::ID_FORMAT
        ))
    })
}

#[async_trait]
impl<S: Setting> Resource for S {
    type Inputs = S::Inputs;
    type Outputs = S::Outputs;
    const TOKEN: &'static str = S::TOKEN;
    const DESCRIPTION: &'static str = S::DESCRIPTION;
    const REPLACE_ON_CHANGES: &'static [&'static str] = S::REPLACE_ON_CHANGES;
    const DEFAULTS: &'static [(&'static str, &'static str)] = S::DEFAULTS;
    const WRITE_ONLY: &'static [&'static str] = S::WRITE_ONLY;
    const PREVIEW_FEEDS: &'static [(&'static str, &'static [&'static str])] = S::PREVIEW_FEEDS;

    fn normalize(inputs: &mut S::Inputs) {
        S::normalize(inputs)
    }

    fn check(inputs: &S::Inputs, unknowns: &BTreeSet<PropPath>) -> Vec<Failure> {
        S::check(inputs, unknowns)
    }

    fn diff_property(key: &str, old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
        S::diff_property(key, old, new)
    }

    async fn create(ctx: Ctx<'_>, inputs: &S::Inputs) -> Result<String, OpError> {
        let key = S::key(inputs);
        S::claim(ctx, &key).await?;
        S::set(ctx, &key, inputs).await?;
        Ok(key.to_string())
    }

    async fn read(
        ctx: Ctx<'_>,
        id: &str,
        hint: Option<&S::Inputs>,
    ) -> Result<Option<Found<S::Inputs, S::Outputs>>, ProviderError> {
        let key = parse::<S>(id)?;
        match S::get(ctx, &key, hint).await {
            Ok(Some((inputs, outputs))) => Ok(Some(Found {
                id: key.to_string(),
                inputs,
                outputs,
            })),
            Ok(None) => Ok(None),
            Err(e) if not_found(&e) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn update(
        ctx: Ctx<'_>,
        id: &str,
        _old: &S::Inputs,
        new: &S::Inputs,
    ) -> Result<(), OpError> {
        S::set(ctx, &parse::<S>(id)?, new).await?;
        Ok(())
    }

    async fn delete(ctx: Ctx<'_>, id: &str, inputs: &S::Inputs) -> Result<(), ProviderError> {
        match S::reset(ctx, &parse::<S>(id)?, inputs).await {
            Err(e) if !not_found(&e) => Err(e),
            _ => Ok(()),
        }
    }
}
