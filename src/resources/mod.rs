//! The Cognito resources, one per file, and the registry from token to resource.

use crate::resource::{DynResource, ResourceSpec, Typed};
use std::collections::HashMap;

pub mod identity_pool;
pub mod user_pool;
pub mod user_pool_client;

/// Compiles every validation pattern (Unicode classes such as `\p{L}` take a few
/// milliseconds to compile, once per process). `main` runs it on a spare thread right after
/// printing the port, so that the first Check does not wait for it; anything that runs
/// first simply compiles what it needs itself.
pub fn warm_up() {
    crate::validate::name_re();
    user_pool::warm_up();
    identity_pool::warm_up();
}

/// Maps resource tokens to resources; built once at start-up.
pub struct Registry {
    by_token: HashMap<&'static str, Box<dyn DynResource>>,
}

impl Registry {
    /// The registry of every resource this provider offers.
    pub fn new() -> Self {
        let all: Vec<Box<dyn DynResource>> = vec![
            Box::new(Typed::<user_pool::UserPool>::default()),
            Box::new(Typed::<user_pool_client::UserPoolClient>::default()),
            Box::new(Typed::<identity_pool::IdentityPool>::default()),
        ];
        Self {
            by_token: all.into_iter().map(|r| (r.token(), r)).collect(),
        }
    }

    /// The resource for a token.
    pub fn get(&self, token: &str) -> Option<&dyn DynResource> {
        self.by_token.get(token).map(|b| b.as_ref())
    }

    /// Schema material of every resource, sorted by token.
    pub fn specs(&self) -> Vec<ResourceSpec> {
        let mut v: Vec<ResourceSpec> = self.by_token.values().map(|r| r.spec()).collect();
        v.sort_by_key(|s| s.token);
        v
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}
