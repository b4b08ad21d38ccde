//! The images of a branding style: a set keyed by category and color mode, bytes compared
//! by SHA-256, split into requests that stay within AWS's 2 MB.

use super::ManagedLoginBrandingAsset;
use crate::codec::PropPath;
use crate::diff::{diff_value, Change, PropDiff};
use aws_sdk_cognitoidentityprovider::types as t;
use aws_smithy_types::Blob;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// What one request may carry: AWS limits requests to 2 MB; this leaves room for the rest
/// of the request around the settings and the base64 images.
const REQUEST_BUDGET: usize = 1_900_000;

/// The bytes of a base64 image (whitespace, as in wrapped base64, is ignored).
pub(super) fn decode_bytes(b64: &str) -> Option<Vec<u8>> {
    let compact: String = b64.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    aws_smithy_types::base64::decode(compact).ok()
}

/// The SHA-256 of a base64 image's bytes; `None` if it is not base64.
pub(super) fn digest(b64: &str) -> Option<[u8; 32]> {
    decode_bytes(b64).map(|b| Sha256::digest(&b).into())
}

/// True if two base64 images hold the same bytes (by hash; text that is not base64 is
/// compared as text).
pub(super) fn same_bytes(a: &str, b: &str) -> bool {
    a == b
        || match (digest(a), digest(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
}

/// The key of an asset: its category and color mode.
pub(super) fn asset_key(a: &ManagedLoginBrandingAsset) -> (&str, &str) {
    (&a.category, &a.color_mode)
}

/// An asset for the SDK (`None` only for values Check rejects).
pub(super) fn sdk_asset(a: &ManagedLoginBrandingAsset) -> Option<t::AssetType> {
    t::AssetType::builder()
        .category(a.category.as_str().into())
        .color_mode(a.color_mode.as_str().into())
        .extension(a.extension.as_str().into())
        .set_bytes(a.bytes.as_deref().and_then(decode_bytes).map(Blob::new))
        .set_resource_id(a.resource_id.clone())
        .build()
        .ok()
}

/// Splits the assets into requests that each stay within AWS's request size, the first
/// one sharing its budget with `settings_len` bytes of settings. Always at least one
/// (possibly empty) batch.
pub(super) fn batches(
    assets: &[ManagedLoginBrandingAsset],
    settings_len: usize,
) -> Vec<Vec<&ManagedLoginBrandingAsset>> {
    let mut out: Vec<Vec<&ManagedLoginBrandingAsset>> = vec![Vec::new()];
    let mut used = settings_len;
    for a in assets {
        let size = a.bytes.as_ref().map_or(0, String::len) + 200;
        let last = out.last().map_or(0, Vec::len);
        if last > 0 && used + size > REQUEST_BUDGET {
            out.push(Vec::new());
            used = 0;
        }
        used += size;
        if let Some(b) = out.last_mut() {
            b.push(a);
        }
    }
    out
}

pub(super) fn sdk_assets(v: &[&ManagedLoginBrandingAsset]) -> Vec<t::AssetType> {
    v.iter().filter_map(|a| sdk_asset(a)).collect()
}

/// An asset as AWS reports it; `bytes` is the program's own text when AWS holds the same
/// bytes (or returns none).
pub(super) fn reported_asset(
    a: &t::AssetType,
    hint: Option<&ManagedLoginBrandingAsset>,
) -> ManagedLoginBrandingAsset {
    let hinted = hint.and_then(|h| h.bytes.clone());
    let bytes = match a.bytes() {
        Some(b) => {
            let ours = hinted.filter(|h| {
                digest(h).is_some_and(|d| d == <[u8; 32]>::from(Sha256::digest(b.as_ref())))
            });
            Some(ours.unwrap_or_else(|| aws_smithy_types::base64::encode(b.as_ref())))
        }
        None => hinted,
    };
    ManagedLoginBrandingAsset {
        bytes,
        category: a.category().as_str().to_string(),
        color_mode: a.color_mode().as_str().to_string(),
        extension: a.extension().as_str().to_string(),
        resource_id: a.resource_id().map(str::to_string),
    }
}

/// Diffs two asset lists as sets keyed by category and color mode, bytes by hash; `None`
/// when either side is not a list of objects (the generic diff then reports it).
pub(super) fn diff_assets(old: Option<&Value>, new: Option<&Value>) -> Option<Vec<PropDiff>> {
    let list = |v: Option<&Value>| -> Option<Vec<ManagedLoginBrandingAsset>> {
        match v {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| serde_json::from_value(x.clone()).ok())
                .collect(),
            _ => None,
        }
    };
    let (o, n) = (list(old)?, list(new)?);
    let root = PropPath::key("assets");
    let mut out = Vec::new();
    if o.is_empty() != n.is_empty() {
        // The whole list appears or goes.
        out.push(PropDiff {
            path: root,
            change: if o.is_empty() {
                Change::Add
            } else {
                Change::Delete
            },
            replace: false,
        });
        return Some(out);
    }
    for (j, na) in n.iter().enumerate() {
        let at = root.index(j);
        let Some(oa) = o.iter().find(|oa| asset_key(oa) == asset_key(na)) else {
            out.push(PropDiff {
                path: at,
                change: Change::Add,
                replace: false,
            });
            continue;
        };
        for (field, ov, nv) in [
            ("extension", Some(&oa.extension), Some(&na.extension)),
            (
                "resourceId",
                oa.resource_id.as_ref(),
                na.resource_id.as_ref(),
            ),
        ] {
            let (ov, nv) = (
                ov.cloned().map(Value::String),
                nv.cloned().map(Value::String),
            );
            diff_value(&at.child(field), ov.as_ref(), nv.as_ref(), &mut out);
        }
        let change = match (&oa.bytes, &na.bytes) {
            (None, None) => None,
            (None, Some(_)) => Some(Change::Add),
            (Some(_), None) => Some(Change::Delete),
            (Some(a), Some(b)) => (!same_bytes(a, b)).then_some(Change::Update),
        };
        if let Some(change) = change {
            out.push(PropDiff {
                path: at.child("bytes"),
                change,
                replace: false,
            });
        }
    }
    for (i, oa) in o.iter().enumerate() {
        if !n.iter().any(|na| asset_key(na) == asset_key(oa)) {
            out.push(PropDiff {
                path: root.index(i),
                change: Change::Delete,
                replace: false,
            });
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_compare_by_hash() {
        assert!(same_bytes("aGVsbG8=", "aGVs\nbG8="));
        assert!(!same_bytes("aGVsbG8=", "aGVsbG9="));
        assert!(same_bytes("not base64!", "not base64!"));
    }

    #[test]
    fn big_asset_lists_are_split_within_the_request_budget() {
        let big = |c: &str| ManagedLoginBrandingAsset {
            bytes: Some("A".repeat(900_000)),
            category: c.into(),
            color_mode: "LIGHT".into(),
            extension: "PNG".into(),
            resource_id: None,
        };
        let assets = vec![big("FORM_LOGO"), big("PAGE_BACKGROUND"), big("FAVICON_ICO")];
        let b = batches(&assets, 500_000);
        assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(batches(&[], 10).len(), 1);
    }
}
