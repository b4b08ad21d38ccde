//! The Cognito resources, one per file, and the registry from token to resource.

use crate::resource::{DynResource, ResourceSpec, Typed};

pub mod client_settings;
pub mod identity_pool;
pub mod identity_pool_provider_principal_tag;
pub mod identity_pool_role_attachment;
pub mod identity_provider;
pub mod log_delivery_configuration;
pub mod managed_login_branding;
pub mod managed_user_pool_client;
pub mod resource_server;
pub mod risk_configuration;
pub mod settings;
pub mod terms;
pub mod user;
pub mod user_group;
pub mod user_in_group;
pub mod user_pool;
pub mod user_pool_client;
pub mod user_pool_domain;
pub mod user_pool_ui_customization;

/// Maps resource tokens to resources; built once at start-up.
pub struct Registry {
    /// Sorted by token, for a binary search (no hashing of the token on every request).
    all: Vec<Box<dyn DynResource>>,
}

impl Registry {
    /// The registry of every resource this provider offers.
    pub fn new() -> Self {
        let mut all: Vec<Box<dyn DynResource>> = vec![
            Box::new(Typed::<user_pool::UserPool>::default()),
            Box::new(Typed::<user_pool_client::UserPoolClient>::default()),
            Box::new(Typed::<identity_pool::IdentityPool>::default()),
            Box::new(Typed::<user_group::UserGroup>::default()),
            Box::new(Typed::<user::User>::default()),
            Box::new(Typed::<user_in_group::UserInGroup>::default()),
            Box::new(Typed::<resource_server::ResourceServer>::default()),
            Box::new(Typed::<user_pool_domain::UserPoolDomain>::default()),
            Box::new(Typed::<identity_provider::IdentityProvider>::default()),
            Box::new(Typed::<
                identity_pool_role_attachment::IdentityPoolRoleAttachment,
            >::default()),
            Box::new(Typed::<
                identity_pool_provider_principal_tag::IdentityPoolProviderPrincipalTag,
            >::default()),
            Box::new(Typed::<managed_login_branding::ManagedLoginBranding>::default()),
            Box::new(Typed::<managed_user_pool_client::ManagedUserPoolClient>::default()),
            Box::new(Typed::<terms::Terms>::default()),
            Box::new(Typed::<user_pool_ui_customization::UserPoolUICustomization>::default()),
            Box::new(Typed::<risk_configuration::RiskConfiguration>::default()),
            Box::new(Typed::<log_delivery_configuration::LogDeliveryConfiguration>::default()),
        ];
        all.sort_by_key(|r| r.token());
        Self { all }
    }

    /// The resource for a token.
    pub fn get(&self, token: &str) -> Option<&dyn DynResource> {
        self.all
            .binary_search_by(|r| r.token().cmp(token))
            .ok()
            .map(|i| self.all[i].as_ref())
    }

    /// Schema material of every resource, sorted by token.
    pub fn specs(&self) -> Vec<ResourceSpec> {
        self.all.iter().map(|r| r.spec()).collect()
    }
}

impl Default for Registry {
    fn default() -> Self {
        Self::new()
    }
}
