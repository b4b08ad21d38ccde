//! The Cognito functions (Invoke, `cognito:index:get*`), one per file, and the registry
//! from token to function. Names follow pulumi-aws 7.x's `aws.cognito.get*`.

use crate::function::{DynFunction, FunctionSpec, TypedFn};

pub mod get_identity_pool;
pub mod get_user_group;
pub mod get_user_groups;
pub mod get_user_pool;
pub mod get_user_pool_client;
pub mod get_user_pool_clients;
pub mod get_user_pool_signing_certificate;
pub mod get_user_pools;

/// Maps function tokens to functions; built once at start-up.
pub struct Registry {
    /// Sorted by token, for a binary search.
    all: Vec<Box<dyn DynFunction>>,
}

impl Registry {
    /// The registry of every function this provider offers.
    pub fn new() -> Self {
        let mut all: Vec<Box<dyn DynFunction>> = vec![
            Box::new(TypedFn::<get_identity_pool::GetIdentityPool>::default()),
            Box::new(TypedFn::<get_user_group::GetUserGroup>::default()),
            Box::new(TypedFn::<get_user_groups::GetUserGroups>::default()),
            Box::new(TypedFn::<get_user_pool::GetUserPool>::default()),
            Box::new(TypedFn::<get_user_pool_client::GetUserPoolClient>::default()),
            Box::new(TypedFn::<get_user_pool_clients::GetUserPoolClients>::default()),
            Box::new(TypedFn::<
                get_user_pool_signing_certificate::GetUserPoolSigningCertificate,
            >::default()),
            Box::new(TypedFn::<get_user_pools::GetUserPools>::default()),
        ];
        all.sort_by_key(|f| f.token());
        Self { all }
    }

    /// The function for a token.
    pub fn get(&self, token: &str) -> Option<&dyn DynFunction> {
        self.all
            .binary_search_by(|f| f.token().cmp(token))
            .ok()
            .map(|i| self.all[i].as_ref())
    }

    /// Schema material of every function, sorted by token.
    pub fn specs(&self) -> Vec<FunctionSpec> {
        self.all.iter().map(|f| f.spec()).collect()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}

/// A value AWS may leave out, as pulumi-aws's list of at most one block.
pub(crate) fn one<T>(v: Option<T>) -> Vec<T> {
    v.into_iter().collect()
}

/// Strings of AWS enum values (or strings).
pub(crate) fn strs<T: AsRef<str>>(v: &[T]) -> Vec<String> {
    v.iter().map(|s| s.as_ref().to_string()).collect()
}

/// An optional AWS string, empty when absent (pulumi-aws reports `""`).
pub(crate) fn text(s: Option<&str>) -> String {
    s.unwrap_or_default().to_string()
}

/// An AWS tag map, sorted.
pub(crate) fn tags(
    m: Option<&std::collections::HashMap<String, String>>,
) -> std::collections::BTreeMap<String, String> {
    m.map(|m| m.clone().into_iter().collect())
        .unwrap_or_default()
}

/// Checks a required user pool id argument.
pub(crate) fn check_pool_id(id: &str) -> Vec<crate::resource::Failure> {
    let mut c = crate::validate::Checker::default();
    c.pool_id(id, false, "userPoolId");
    c.done()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_sorted_and_finds_every_function() {
        let r = Registry::new();
        let tokens: Vec<_> = r.specs().iter().map(|s| s.token).collect();
        assert_eq!(tokens.len(), 8);
        assert!(tokens.windows(2).all(|w| w[0] < w[1]), "{tokens:?}");
        for t in &tokens {
            assert!(t.starts_with("cognito:index:get"), "{t}");
            assert_eq!(r.get(t).map(|f| f.token()), Some(*t));
        }
        assert!(r.get("cognito:index:getNothing").is_none());
    }
}
