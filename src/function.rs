//! The one `Function` trait every provider function (Invoke, `cognito:index:get*`)
//! implements, and the generic machinery around it: decoding arguments, checking them, and
//! encoding the result with its secrets.
//!
//! A function writes typed code only. [`DynFunction`] is the object-safe face the server
//! dispatches to; it is implemented for every [`Function`] by [`TypedFn`], as
//! [`crate::resource::Typed`] does for resources.

use crate::aws::Aws;
use crate::codec::{PropPath, Props};
use crate::error::ProviderError;
use crate::resource::{from_map, to_map, Ctx, Failure, REGION};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use std::fmt::Debug;

/// A Cognito lookup: its argument and result types, its rules, and its AWS calls.
#[async_trait]
pub trait Function: Send + Sync + 'static {
    /// The arguments (serde camelCase; doc comments become schema descriptions).
    type Args: DeserializeOwned + JsonSchema + Debug + Send + Sync;
    /// The result (serde camelCase; doc comments become schema descriptions).
    type Result: Serialize + JsonSchema + Debug + Send + Sync;

    /// The function token, `cognito:index:get<Name>`.
    const TOKEN: &'static str;
    /// The schema description.
    const DESCRIPTION: &'static str;
    /// Result properties that are always secret (`clientSecret`).
    const SECRET_OUTPUTS: &'static [&'static str] = &[];

    /// Validates the arguments without calling AWS.
    fn check(_args: &Self::Args) -> Vec<Failure> {
        Vec::new()
    }

    /// Looks the thing up. Every AWS request goes through `ctx.aws.call` (the limiter).
    async fn invoke(ctx: Ctx<'_>, args: &Self::Args) -> Result<Self::Result, ProviderError>;
}

/// What an invoke answers: a result, or the arguments' failures (no AWS call was made).
#[derive(Debug, Clone, PartialEq)]
pub enum Invoked {
    /// The result, with its secret paths.
    Return(Props),
    /// The rules the arguments break.
    Failures(Vec<Failure>),
}

/// The object-safe face of a function, used by the server and the registry.
#[async_trait]
pub trait DynFunction: Send + Sync {
    /// The function token.
    fn token(&self) -> &'static str;
    /// Decodes and checks `args`, then looks up with the clients of the `region` argument (or
    /// `aws`'s own).
    async fn invoke(&self, aws: Option<&Aws>, args: Props) -> Result<Invoked, ProviderError>;
    /// Schema material: description, argument and result JSON schemas, and secrets.
    fn spec(&self) -> FunctionSpec;
}

/// What the schema renderer needs from a function.
pub struct FunctionSpec {
    /// The token.
    pub token: &'static str,
    /// The description.
    pub description: &'static str,
    /// JSON schema of the arguments.
    pub inputs: schemars::Schema,
    /// JSON schema of the result.
    pub outputs: schemars::Schema,
    /// Always-secret result properties.
    pub secret_outputs: &'static [&'static str],
}

/// Adapts a typed [`Function`] to [`DynFunction`].
pub struct TypedFn<F>(std::marker::PhantomData<F>);

impl<F> Default for TypedFn<F> {
    fn default() -> Self {
        Self(std::marker::PhantomData)
    }
}

#[async_trait]
impl<F: Function> DynFunction for TypedFn<F> {
    fn token(&self) -> &'static str {
        F::TOKEN
    }

    async fn invoke(&self, aws: Option<&Aws>, args: Props) -> Result<Invoked, ProviderError> {
        // The engine resolves arguments before it invokes; an unknown one (a misbehaving
        // caller) is a failure, never a lookup with a value missing.
        if !args.unknowns.is_empty() {
            return Ok(Invoked::Failures(
                args.unknowns
                    .iter()
                    .map(|p| {
                        Failure::new(
                            p.to_string(),
                            "is unknown: a function can only be invoked with known arguments",
                        )
                    })
                    .collect(),
            ));
        }
        let typed: F::Args = match from_map(&args.value) {
            Ok(a) => a,
            Err(f) => return Ok(Invoked::Failures(vec![f])),
        };
        let failures = F::check(&typed);
        if !failures.is_empty() {
            return Ok(Invoked::Failures(failures));
        }
        let aws = aws.ok_or(ProviderError::NotConfigured)?;
        let aws = aws.in_region(args.value.get(REGION).and_then(Value::as_str));
        let result = F::invoke(Ctx { aws: &aws }, &typed).await?;
        let mut out = Props::plain(to_map(&result));
        // A secret argument (a pool id read from a secret) keeps the whole result secret,
        // since the result repeats and depends on it.
        let secret_args = !args.secrets.is_empty();
        let keys: Vec<String> = out.value.keys().cloned().collect();
        for k in keys {
            if secret_args || F::SECRET_OUTPUTS.contains(&k.as_str()) {
                out.secrets.insert(PropPath::key(&k));
            }
        }
        Ok(Invoked::Return(out))
    }

    fn spec(&self) -> FunctionSpec {
        let g = || schemars::SchemaGenerator::new(crate::schema::settings());
        FunctionSpec {
            token: F::TOKEN,
            description: F::DESCRIPTION,
            inputs: g().into_root_schema_for::<F::Args>(),
            outputs: g().into_root_schema_for::<F::Result>(),
            secret_outputs: F::SECRET_OUTPUTS,
        }
    }
}

/// Reads every page of a paginated AWS list: `page(next)` sends one request with the
/// `NextToken` (or `PaginationToken`) `next` and returns its items and the next token.
/// Stops when AWS sends no token, or repeats one (a misbehaving endpoint must not loop
/// forever).
pub async fn all_pages<T, Fut>(
    mut page: impl FnMut(Option<String>) -> Fut,
) -> Result<Vec<T>, ProviderError>
where
    Fut: std::future::Future<Output = Result<(Vec<T>, Option<String>), ProviderError>>,
{
    let mut items = Vec::new();
    let mut next: Option<String> = None;
    let mut seen = std::collections::BTreeSet::new();
    loop {
        let (mut got, token) = page(next.take()).await?;
        items.append(&mut got);
        match token.filter(|t| !t.is_empty()) {
            Some(t) if seen.insert(t.clone()) => next = Some(t),
            _ => return Ok(items),
        }
    }
}

/// The error for a lookup by name that did not find exactly one: `what` (e.g. `identity
/// pool`) named `name`, `found` matches (their ids), among `total` listed.
pub fn not_exactly_one(what: &str, name: &str, found: &[String], total: usize) -> ProviderError {
    let msg = if found.is_empty() {
        format!("no {what} is named {name:?} (found 0 among {total} listed)")
    } else {
        format!(
            "{} {what}s are named {name:?} (found {}: {}); names are not unique, so look it up by id instead",
            found.len(),
            found.len(),
            found.join(", ")
        )
    };
    ProviderError::InvalidArgument(msg)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pages_are_followed_to_the_end_and_never_loop() {
        let pages = [
            (vec![1, 2], Some("a".to_string())),
            (vec![3], Some("b".into())),
            (vec![4], None),
        ];
        let mut n = 0;
        let all = all_pages(|next| {
            let expected = [None, Some("a".to_string()), Some("b".into())][n].clone();
            assert_eq!(next, expected);
            let p = pages[n].clone();
            n += 1;
            async move { Ok(p) }
        })
        .await
        .unwrap();
        assert_eq!(all, vec![1, 2, 3, 4]);
        // A token that comes back again ends the listing.
        let mut calls = 0;
        let all = all_pages(|_| {
            calls += 1;
            async { Ok((vec![0], Some("same".to_string()))) }
        })
        .await
        .unwrap();
        assert_eq!((all.len(), calls), (2, 2));
    }

    #[test]
    fn name_errors_say_how_many_were_found() {
        let e = not_exactly_one("identity pool", "x", &[], 7).to_string();
        assert!(e.contains("found 0 among 7"), "{e}");
        let e = not_exactly_one("identity pool", "x", &["a".into(), "b".into()], 7).to_string();
        assert!(e.contains("found 2: a, b"), "{e}");
    }
}
