//! Client-side rate limiting by Cognito quota category, per account/region and per user
//! pool, so a large stack runs at the quota rate instead of provoking throttling storms.
//!
//! Each bucket is a GCRA ("next allowed time") limiter without burst: requests are spaced
//! evenly at the quota rate, which no per-second window can see exceeded.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;
// tokio's clock (the real one outside tests), so that tests can run the pacing on a paused
// clock.
use tokio::time::Instant;

/// A Cognito request-rate quota category (see the AWS Cognito quotas page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// DescribeUserPool, GetUserPoolMfaConfig, ListUserPools, GetSigningCertificate.
    UserPoolRead,
    /// Create/Update/DeleteUserPool, SetUserPoolMfaConfig, AddCustomAttributes.
    UserPoolUpdate,
    /// DescribeUserPoolClient.
    UserPoolClientRead,
    /// Create/Update/DeleteUserPoolClient.
    UserPoolClientUpdate,
    /// Reads of a pool's resources: groups, domains, resource servers, identity providers,
    /// managed login branding styles, terms, UI customizations, risk configurations, log
    /// delivery.
    UserPoolResourceRead,
    /// Writes of a pool's resources: groups, domains, resource servers, identity providers,
    /// managed login branding styles, terms, UI customizations, risk configurations, log
    /// delivery.
    UserPoolResourceUpdate,
    /// AdminCreateUser.
    UserCreation,
    /// AdminGetUser.
    UserRead,
    /// AdminListGroupsForUser.
    UserResourceRead,
    /// Admin writes to a user: attributes, enable/disable, password, group membership,
    /// AdminDeleteUser.
    UserUpdate,
    /// Identity pool reads (cognito-identity): DescribeIdentityPool, ListIdentityPools,
    /// GetIdentityPoolRoles, GetPrincipalTagAttributeMap.
    IdentityPoolRead,
    /// Identity pool writes (cognito-identity): Create/Update/DeleteIdentityPool,
    /// SetIdentityPoolRoles, SetPrincipalTagAttributeMap.
    IdentityPoolUpdate,
    /// TagResource and UntagResource of either service (5 rps per account each).
    Tagging,
    /// Anything else (e.g. STS GetCallerIdentity).
    Other,
}

impl Category {
    /// The category of an operation, by its API name.
    pub fn of(operation: &str) -> Self {
        match operation {
            "DescribeUserPool"
            | "GetUserPoolMfaConfig"
            | "ListUserPools"
            | "GetSigningCertificate" => Self::UserPoolRead,
            "CreateUserPool"
            | "UpdateUserPool"
            | "DeleteUserPool"
            | "SetUserPoolMfaConfig"
            | "AddCustomAttributes" => Self::UserPoolUpdate,
            "DescribeUserPoolClient" | "ListUserPoolClients" => Self::UserPoolClientRead,
            "CreateUserPoolClient" | "UpdateUserPoolClient" | "DeleteUserPoolClient" => {
                Self::UserPoolClientUpdate
            }
            "DescribeManagedLoginBranding"
            | "DescribeManagedLoginBrandingByClient"
            | "DescribeTerms"
            | "ListTerms" => Self::UserPoolResourceRead,
            "CreateManagedLoginBranding"
            | "UpdateManagedLoginBranding"
            | "DeleteManagedLoginBranding"
            | "CreateTerms"
            | "UpdateTerms"
            | "DeleteTerms" => Self::UserPoolResourceUpdate,
            "GetGroup" | "ListGroups" => Self::UserPoolResourceRead,
            "CreateGroup" | "UpdateGroup" | "DeleteGroup" => Self::UserPoolResourceUpdate,
            "AdminCreateUser" => Self::UserCreation,
            "AdminGetUser" => Self::UserRead,
            "AdminListGroupsForUser" => Self::UserResourceRead,
            "AdminUpdateUserAttributes"
            | "AdminDeleteUserAttributes"
            | "AdminEnableUser"
            | "AdminDisableUser"
            | "AdminSetUserPassword"
            | "AdminAddUserToGroup"
            | "AdminRemoveUserFromGroup"
            | "AdminDeleteUser" => Self::UserUpdate,
            "DescribeUserPoolDomain"
            | "DescribeResourceServer"
            | "ListResourceServers"
            | "DescribeIdentityProvider"
            | "ListIdentityProviders"
            | "GetUICustomization"
            | "DescribeRiskConfiguration"
            | "GetLogDeliveryConfiguration" => Self::UserPoolResourceRead,
            "CreateUserPoolDomain"
            | "UpdateUserPoolDomain"
            | "DeleteUserPoolDomain"
            | "CreateResourceServer"
            | "UpdateResourceServer"
            | "DeleteResourceServer"
            | "CreateIdentityProvider"
            | "UpdateIdentityProvider"
            | "DeleteIdentityProvider"
            | "SetUICustomization"
            | "SetRiskConfiguration"
            | "SetLogDeliveryConfiguration" => Self::UserPoolResourceUpdate,
            "DescribeIdentityPool"
            | "ListIdentityPools"
            | "GetIdentityPoolRoles"
            | "GetPrincipalTagAttributeMap" => Self::IdentityPoolRead,
            "CreateIdentityPool"
            | "UpdateIdentityPool"
            | "DeleteIdentityPool"
            | "SetIdentityPoolRoles"
            | "SetPrincipalTagAttributeMap" => Self::IdentityPoolUpdate,
            "TagResource" | "UntagResource" => Self::Tagging,
            _ => Self::Other,
        }
    }

    /// AWS's default quota in requests per second for the account and region.
    pub fn account_rps(self) -> f64 {
        match self {
            Self::UserPoolRead
            | Self::UserPoolUpdate
            | Self::UserPoolClientRead
            | Self::UserPoolClientUpdate
            | Self::UserPoolResourceUpdate => 15.0,
            Self::UserPoolResourceRead => 20.0,
            Self::UserCreation | Self::UserResourceRead => 50.0,
            Self::UserUpdate => 25.0,
            Self::UserRead => 120.0,
            // cognito-identity's published per-operation quotas are higher; stay conservative.
            Self::IdentityPoolRead => 25.0,
            Self::IdentityPoolUpdate => 10.0,
            Self::Tagging => 5.0,
            Self::Other => 50.0,
        }
    }

    /// AWS's per-user-pool quota, where AWS applies one.
    pub fn pool_rps(self) -> Option<f64> {
        match self {
            Self::UserPoolClientRead
            | Self::UserPoolClientUpdate
            | Self::UserPoolResourceRead
            | Self::UserPoolResourceUpdate => Some(5.0),
            _ => None,
        }
    }
}

/// The limiter shared by every AWS call of one provider process.
#[derive(Debug)]
pub struct Limiter {
    scale: f64,
    next: Mutex<HashMap<(Category, Option<String>), Instant>>,
}

impl Limiter {
    /// A limiter at `scale` × AWS's default quotas (`scale <= 0` disables limiting).
    pub fn new(scale: f64) -> Self {
        Self {
            scale,
            next: Mutex::new(HashMap::new()),
        }
    }

    /// Reserves the next slot of `pool`'s own quota for `operation`, where AWS has a
    /// per-pool quota, and returns how long to wait for it.
    pub fn reserve_pool(&self, operation: &str, pool: Option<&str>) -> Duration {
        let cat = Category::of(operation);
        match (cat.pool_rps(), pool) {
            (Some(rps), Some(p)) => self.reserve_key((cat, Some(p.to_string())), rps),
            _ => Duration::ZERO,
        }
    }

    /// Reserves the next slot of the account's quota for `operation` and returns how long to
    /// wait for it.
    pub fn reserve_account(&self, operation: &str) -> Duration {
        let cat = Category::of(operation);
        self.reserve_key((cat, None), cat.account_rps())
    }

    /// Waits for a slot for `operation` on `pool`: first the pool's, then the account's. A
    /// request held back by its pool's quota takes an account slot only once its pool slot
    /// has come, so it never holds account capacity that other pools could use meanwhile.
    pub async fn acquire(&self, operation: &str, pool: Option<&str>) {
        // One after the other: the account slot is reserved only after the pool wait.
        let wait = self.reserve_pool(operation, pool);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
        let wait = self.reserve_account(operation);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }

    fn reserve_key(&self, key: (Category, Option<String>), rps: f64) -> Duration {
        if self.scale <= 0.0 {
            return Duration::ZERO;
        }
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let at = now.max(*next.get(&key).unwrap_or(&now));
        next.insert(key, at + interval(rps * self.scale));
        at - now
    }
}

fn interval(rps: f64) -> Duration {
    Duration::from_secs_f64(1.0 / rps.max(0.001))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_requests_at_the_quota_rate() {
        let l = Limiter::new(1.0);
        let waits: Vec<Duration> = (0..16)
            .map(|_| l.reserve_account("CreateUserPool"))
            .collect();
        // 15 rps: the 16th request waits about one second.
        let last = waits[15].as_secs_f64();
        assert!((0.95..=1.05).contains(&last), "{last}");
        // Reads have their own bucket.
        assert!(l.reserve_account("DescribeUserPool") < Duration::from_millis(5));
    }

    #[test]
    fn per_pool_limit_does_not_hold_up_other_pools() {
        let l = Limiter::new(1.0);
        // Pool p1 is at 5 rps, so its requests are 200 ms apart.
        let p1: Vec<Duration> = (0..3)
            .map(|_| l.reserve_pool("CreateUserPoolClient", Some("p1")))
            .collect();
        assert!(p1[2] >= Duration::from_millis(395), "{p1:?}");
        // Only p1's first request has reached its account slot; p2 gets the next one, not
        // one after p1's queue.
        l.reserve_account("CreateUserPoolClient");
        assert_eq!(
            l.reserve_pool("CreateUserPoolClient", Some("p2")),
            Duration::ZERO
        );
        let p2 = l.reserve_account("CreateUserPoolClient");
        assert!(p2 < Duration::from_millis(100), "{p2:?}");
        // Pools do not limit operations without a per-pool quota.
        assert_eq!(l.reserve_pool("CreateUserPool", Some("p1")), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn acquire_keeps_both_quotas_and_wastes_no_account_slot() {
        let l = std::sync::Arc::new(Limiter::new(1.0));
        let start = Instant::now();
        let mut set = tokio::task::JoinSet::new();
        // 4 pools × 4 clients, all at once, as the engine sends them.
        for p in 0..4 {
            for _ in 0..4 {
                let l = l.clone();
                set.spawn(async move {
                    l.acquire("CreateUserPoolClient", Some(&format!("p{p}")))
                        .await;
                    (p, Instant::now() - start)
                });
            }
        }
        let mut done = Vec::new();
        while let Some(r) = set.join_next().await {
            done.push(r.expect("task"));
        }
        done.sort_by_key(|d| d.1);
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        // The account quota (15 rps) is the limit: 16 requests need 15 intervals, 1 s.
        let last = ms(done[15].1);
        assert!(
            last <= 1005.0,
            "the last request went at {last} ms: {done:?}"
        );
        // Never faster than either quota.
        for w in done.windows(2) {
            let gap = ms(w[1].1 - w[0].1);
            assert!(gap >= 66.0, "account quota exceeded: {done:?}");
        }
        for p in 0..4 {
            let at: Vec<f64> = done.iter().filter(|d| d.0 == p).map(|d| ms(d.1)).collect();
            for w in at.windows(2) {
                assert!(w[1] - w[0] >= 199.0, "pool p{p} quota exceeded: {at:?}");
            }
        }
    }

    #[test]
    fn every_function_call_has_its_quota_category() {
        // The AWS calls of the functions (src/functions/) count against AWS's categories.
        for (op, cat) in [
            ("DescribeUserPool", Category::UserPoolRead),
            ("ListUserPools", Category::UserPoolRead),
            ("GetSigningCertificate", Category::UserPoolRead),
            ("DescribeUserPoolClient", Category::UserPoolClientRead),
            ("ListUserPoolClients", Category::UserPoolClientRead),
            ("GetGroup", Category::UserPoolResourceRead),
            ("ListGroups", Category::UserPoolResourceRead),
            ("ListIdentityPools", Category::IdentityPoolRead),
            ("DescribeIdentityPool", Category::IdentityPoolRead),
        ] {
            assert_eq!(Category::of(op), cat, "{op}");
        }
    }

    #[test]
    fn settings_are_pool_resources() {
        // AWS's quotas page lists the risk and log delivery calls with the pool's other
        // resources (UI customization, domains): 20/15 rps per account, 5 rps per pool.
        for op in ["DescribeRiskConfiguration", "GetLogDeliveryConfiguration"] {
            assert_eq!(Category::of(op), Category::UserPoolResourceRead, "{op}");
        }
        for op in ["SetRiskConfiguration", "SetLogDeliveryConfiguration"] {
            assert_eq!(Category::of(op), Category::UserPoolResourceUpdate, "{op}");
        }
    }

    #[test]
    fn scale_zero_disables() {
        let l = Limiter::new(0.0);
        for _ in 0..100 {
            assert_eq!(l.reserve_account("CreateUserPool"), Duration::ZERO);
            assert_eq!(
                l.reserve_pool("CreateUserPoolClient", Some("p")),
                Duration::ZERO
            );
        }
    }
}
