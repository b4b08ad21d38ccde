"""Cognito identity pool operations that moto 5.2.5 does not have.

Each handler follows the operation's page in the Amazon Cognito Identity API Reference
(https://docs.aws.amazon.com/cognitoidentity/latest/APIReference/), cited in its comment.
State lives on moto's identity pool objects (`_lc_*` attributes), so it goes with the pool
and with `/moto-api/reset`.
"""

from __future__ import annotations

import copy
from typing import Any

from .common import IDENTITY, AwsError, Ctx, invalid, not_found, operation


def pool_providers(pool) -> set[str]:
    """The identity provider names that role mappings of this pool may be keyed by
    (SetIdentityPoolRolesInput.RoleMappings: "The string identifies the identity provider,
    for example, graph.facebook.com or
    cognito-idp.us-east-1.amazonaws.com/us-east-1_abcdefghi:app_client_id")."""
    names: set[str] = set((pool.supported_login_providers or {}).keys())
    for p in pool.cognito_identity_providers or []:
        if p.get("ProviderName") and p.get("ClientId"):
            names.add(f"{p['ProviderName']}:{p['ClientId']}")
    for arn in pool.open_id_connect_provider_arns or []:
        names.add(arn)
        if "oidc-provider/" in arn:  # OIDC providers are also named by their issuer host
            names.add(arn.split("oidc-provider/", 1)[1])
    for arn in pool.saml_provider_arns or []:
        names.add(arn)
    return names


# ---------------------------------------------------------------------------------------
# Roles
# ---------------------------------------------------------------------------------------


@operation(IDENTITY, "SetIdentityPoolRoles")
def set_identity_pool_roles(ctx: Ctx):
    # API_SetIdentityPoolRoles: sets the authenticated/unauthenticated roles and the role
    # mappings, keyed by one of the pool's identity providers (InvalidParameterException
    # otherwise). RoleMapping: "If you specify Token or Rules as the Type,
    # AmbiguousRoleResolution is required"; Type Rules needs a RulesConfiguration.
    ctx.validate()
    pool = ctx.identity_pool()
    mappings = copy.deepcopy(ctx.get("RoleMappings", {}))
    known = pool_providers(pool)
    for provider, mapping in mappings.items():
        if provider not in known:
            raise invalid(f"RoleMappings key {provider} is not an identity provider of identity pool "
                          f"{pool.identity_pool_id}.")
        if mapping.get("Type") in ("Token", "Rules") and not mapping.get("AmbiguousRoleResolution"):
            raise invalid(f"RoleMappings[{provider}]: AmbiguousRoleResolution is required for Type "
                          f"{mapping['Type']}.")
        if mapping.get("Type") == "Rules" and not (mapping.get("RulesConfiguration") or {}).get("Rules"):
            raise invalid(f"RoleMappings[{provider}]: RulesConfiguration is required for Type Rules.")
    pool._lc_roles = dict(ctx.get("Roles"))
    pool._lc_role_mappings = mappings
    return {}


@operation(IDENTITY, "GetIdentityPoolRoles")
def get_identity_pool_roles(ctx: Ctx):
    # API_GetIdentityPoolRoles: the roles and role mappings set on the pool.
    ctx.validate()
    pool = ctx.identity_pool()
    out: dict[str, Any] = {"IdentityPoolId": pool.identity_pool_id,
                           "Roles": dict(getattr(pool, "_lc_roles", {}))}
    mappings = getattr(pool, "_lc_role_mappings", {})
    if mappings:
        out["RoleMappings"] = copy.deepcopy(mappings)
    return out


# ---------------------------------------------------------------------------------------
# Principal tags (attributes for access control)
# ---------------------------------------------------------------------------------------


def _principal_tags(pool) -> dict:
    state = pool.__dict__.get("_lc_principal_tags")
    if state is None:
        state = pool._lc_principal_tags = {}
    return state


@operation(IDENTITY, "SetPrincipalTagAttributeMap")
def set_principal_tag_attribute_map(ctx: Ctx):
    # API_SetPrincipalTagAttributeMap: per identity provider of the pool, use the default
    # mappings (UseDefaults: username and client ID) or the given PrincipalTags; the
    # answer echoes what was set.
    ctx.validate()
    pool = ctx.identity_pool()
    entry = {
        "IdentityPoolId": pool.identity_pool_id,
        "IdentityProviderName": ctx.get("IdentityProviderName"),
        "UseDefaults": bool(ctx.get("UseDefaults", False)),
        "PrincipalTags": dict(ctx.get("PrincipalTags", {})),
    }
    _principal_tags(pool)[entry["IdentityProviderName"]] = entry
    return dict(entry)


@operation(IDENTITY, "GetPrincipalTagAttributeMap")
def get_principal_tag_attribute_map(ctx: Ctx):
    # API_GetPrincipalTagAttributeMap: the mapping set for that provider; for a provider
    # never set, no defaults and no tags.
    ctx.validate()
    pool = ctx.identity_pool()
    name = ctx.get("IdentityProviderName")
    found = _principal_tags(pool).get(name) or {
        "IdentityPoolId": pool.identity_pool_id, "IdentityProviderName": name,
        "UseDefaults": False, "PrincipalTags": {}}
    return copy.deepcopy(found)


# ---------------------------------------------------------------------------------------
# Tags on identity pools
# ---------------------------------------------------------------------------------------


def _tagged_pool(ctx: Ctx):
    # Identity pool ARNs: arn:<partition>:cognito-identity:<region>:<account>:identitypool/<id>.
    arn = ctx.get("ResourceArn")
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "cognito-identity" or not parts[5].startswith("identitypool/"):
        raise invalid(f"Invalid ARN: {arn}")
    if parts[4] != ctx.account:
        raise not_found(f"Resource {arn} does not exist.")
    try:
        return ctx.identity_pool(parts[5][len("identitypool/"):])
    except AwsError:
        raise not_found(f"Resource {arn} does not exist.") from None


@operation(IDENTITY, "TagResource")
def tag_resource(ctx: Ctx):
    # API_TagResource (identity): adds or overwrites tags, at most 50 per pool. moto keeps
    # them as the pool's IdentityPoolTags, which DescribeIdentityPool returns.
    ctx.validate()
    pool = _tagged_pool(ctx)
    merged = dict(pool.tags or {}, **ctx.get("Tags"))
    if len(merged) > 50:
        raise invalid("An identity pool can have at most 50 tags.")
    pool.tags = merged
    return {}


@operation(IDENTITY, "UntagResource")
def untag_resource(ctx: Ctx):
    # API_UntagResource (identity): removes the named tags; missing keys are ignored.
    ctx.validate()
    pool = _tagged_pool(ctx)
    pool.tags = {k: v for k, v in (pool.tags or {}).items() if k not in set(ctx.get("TagKeys"))}
    return {}


@operation(IDENTITY, "ListTagsForResource")
def list_tags_for_resource(ctx: Ctx):
    # API_ListTagsForResource (identity): the pool's tags.
    ctx.validate()
    return {"Tags": dict(_tagged_pool(ctx).tags or {})}
