//! Client-side rate limiting by Cognito quota category, per account/region and per user
//! pool, so a large stack runs at the quota rate instead of provoking throttling storms.
//!
//! Each bucket is a GCRA ("next allowed time") limiter without burst: requests are spaced
//! evenly at the quota rate, which no per-second window can see exceeded.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A Cognito request-rate quota category (see the AWS Cognito quotas page).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// DescribeUserPool, GetUserPoolMfaConfig.
    UserPoolRead,
    /// Create/Update/DeleteUserPool, SetUserPoolMfaConfig, AddCustomAttributes.
    UserPoolUpdate,
    /// DescribeUserPoolClient.
    UserPoolClientRead,
    /// Create/Update/DeleteUserPoolClient.
    UserPoolClientUpdate,
    /// Identity pool reads (cognito-identity).
    IdentityPoolRead,
    /// Identity pool writes (cognito-identity).
    IdentityPoolUpdate,
    /// Anything else (e.g. STS GetCallerIdentity).
    Other,
}

impl Category {
    /// The category of an operation, by its API name.
    pub fn of(operation: &str) -> Self {
        match operation {
            "DescribeUserPool" | "GetUserPoolMfaConfig" => Self::UserPoolRead,
            "CreateUserPool"
            | "UpdateUserPool"
            | "DeleteUserPool"
            | "SetUserPoolMfaConfig"
            | "AddCustomAttributes" => Self::UserPoolUpdate,
            "DescribeUserPoolClient" => Self::UserPoolClientRead,
            "CreateUserPoolClient" | "UpdateUserPoolClient" | "DeleteUserPoolClient" => {
                Self::UserPoolClientUpdate
            }
            "DescribeIdentityPool" => Self::IdentityPoolRead,
            "CreateIdentityPool" | "UpdateIdentityPool" | "DeleteIdentityPool" => {
                Self::IdentityPoolUpdate
            }
            _ => Self::Other,
        }
    }

    /// AWS's default quota in requests per second for the account and region.
    pub fn account_rps(self) -> f64 {
        match self {
            Self::UserPoolRead
            | Self::UserPoolUpdate
            | Self::UserPoolClientRead
            | Self::UserPoolClientUpdate => 15.0,
            // cognito-identity's published per-operation quotas are higher; stay conservative.
            Self::IdentityPoolRead => 25.0,
            Self::IdentityPoolUpdate => 10.0,
            Self::Other => 50.0,
        }
    }

    /// AWS's per-user-pool quota, where AWS applies one.
    pub fn pool_rps(self) -> Option<f64> {
        match self {
            Self::UserPoolClientRead | Self::UserPoolClientUpdate => Some(5.0),
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

    /// Reserves a slot for `operation` (on user pool `pool`, if any) and returns how long to
    /// wait before sending it.
    pub fn reserve(&self, operation: &str, pool: Option<&str>) -> Duration {
        if self.scale <= 0.0 {
            return Duration::ZERO;
        }
        let cat = Category::of(operation);
        let now = Instant::now();
        let mut next = self.next.lock().unwrap_or_else(|e| e.into_inner());
        let account_key = (cat, None);
        let pool_key = cat.pool_rps().and(pool).map(|p| (cat, Some(p.to_string())));
        let mut at = now.max(*next.get(&account_key).unwrap_or(&now));
        if let Some(k) = &pool_key {
            at = at.max(*next.get(k).unwrap_or(&now));
        }
        next.insert(account_key, at + interval(cat.account_rps() * self.scale));
        if let (Some(k), Some(rps)) = (pool_key, cat.pool_rps()) {
            next.insert(k, at + interval(rps * self.scale));
        }
        at - now
    }

    /// Waits for a slot for `operation` on `pool`.
    pub async fn acquire(&self, operation: &str, pool: Option<&str>) {
        let wait = self.reserve(operation, pool);
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
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
        let waits: Vec<Duration> = (0..16).map(|_| l.reserve("CreateUserPool", None)).collect();
        // 15 rps: the 16th request waits about one second.
        let last = waits[15].as_secs_f64();
        assert!((0.95..=1.05).contains(&last), "{last}");
        // Reads have their own bucket.
        assert!(l.reserve("DescribeUserPool", None) < Duration::from_millis(5));
    }

    #[test]
    fn per_pool_limit_applies_to_clients() {
        let l = Limiter::new(1.0);
        for _ in 0..5 {
            l.reserve("CreateUserPoolClient", Some("p1"));
        }
        // Pool p1 is at 5 rps, so its requests are 200 ms apart; another pool is bound only
        // by the account's 15 rps and gets in before p1's next slot.
        let p2 = l.reserve("CreateUserPoolClient", Some("p2"));
        let p1 = l.reserve("CreateUserPoolClient", Some("p1"));
        assert!(p1 >= Duration::from_millis(950), "{p1:?}");
        assert!(p2 < p1, "{p2:?} vs {p1:?}");
    }

    #[test]
    fn scale_zero_disables() {
        let l = Limiter::new(0.0);
        for _ in 0..100 {
            assert_eq!(l.reserve("CreateUserPool", None), Duration::ZERO);
        }
    }
}
