"""Operations moto 5.2.5 has but answers unlike AWS, in ways that would hide provider bugs.

Each handler says which AWS API Reference behaviour it restores. Most check the request
against moto's state, then either hand it on to moto (`ctx.moto(...)`) or change moto's
objects directly; moto stays the store.
"""

from __future__ import annotations

import base64
import json
import re
import secrets
import string
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlparse

from .common import (
    IDENTITY,
    IDP,
    AwsError,
    Ctx,
    MotoReply,
    identity_backend,
    idp_backends_in_region,
    invalid,
    not_found,
    operation,
    paginate,
)
from .idp import certificate, forget_client, pool_domains

# ---------------------------------------------------------------------------------------
# User pools and app clients
# ---------------------------------------------------------------------------------------


@operation(IDP, "DescribeUserPool")
def describe_user_pool(ctx: Ctx):
    # UserPoolType: "Domain" is the pool's prefix domain and "CustomDomain" its custom
    # domain (a pool may have one of each). moto reports whichever domain it finds first
    # as "Domain".
    reply = ctx.moto()
    if not reply.ok:
        return reply
    out = reply.json()
    pool = ctx.idp.user_pools.get(ctx.get("UserPoolId"))
    if pool is not None and isinstance(out.get("UserPool"), dict):
        up = out["UserPool"]
        up.pop("Domain", None)
        up.pop("CustomDomain", None)
        for d in pool_domains(ctx, pool):
            up["CustomDomain" if d.custom_domain_config else "Domain"] = d.domain
    return out


@operation(IDP, "UpdateUserPool")
def update_user_pool(ctx: Ctx):
    # UpdateUserPool resets the settings it is not given, but not the pool's tags: those
    # belong to TagResource/UntagResource, and UserPoolTags left out keep them (the
    # Terraform AWS provider's UpdateUserPool leaves UserPoolTags out and tags with
    # TagResource). moto resets its whole stored config, tags included.
    pool = ctx.pool()
    tags = pool.extended_config.get("UserPoolTags")
    reply = ctx.moto()
    if reply.ok and ctx.get("UserPoolTags") is None and tags:
        pool.extended_config["UserPoolTags"] = tags
    return reply


@operation(IDP, "DeleteUserPool")
def delete_user_pool(ctx: Ctx):
    # AWS refuses to delete a pool that still has a domain: InvalidParameterException
    # "User pool cannot be deleted. It has a domain configured that should be deleted
    # first." (moto deletes it and leaves the domain behind).
    pool = ctx.pool()
    if pool_domains(ctx, pool):
        raise invalid("User pool cannot be deleted. It has a domain configured that should be deleted first.")
    return ctx.moto()


# The values a new app client gets for what CreateUserPoolClient leaves out (moto's own
# defaults, which match what AWS reports for a client created with only a name).
CLIENT_DEFAULTS: dict[str, Any] = {
    "AllowedOAuthFlowsUserPoolClient": False,
    "AuthSessionValidity": 3,
    "EnablePropagateAdditionalUserContextData": False,
    "EnableTokenRevocation": True,
    "RefreshTokenValidity": 30,
}


@operation(IDP, "UpdateUserPoolClient")
def update_user_pool_client(ctx: Ctx):
    # API_UpdateUserPoolClient: "If you don't provide a value for an attribute, Amazon
    # Cognito sets it to its default value." moto keeps the old values instead. The
    # client's ID and secret never change; a missing ClientName keeps the old name.
    pool = ctx.pool()
    client = ctx.client(pool)
    config = dict(CLIENT_DEFAULTS)
    config.update({k: v for k, v in ctx.params.items() if k not in ("UserPoolId", "ClientId")})
    if config.get("ClientName") is None:
        config["ClientName"] = client.extended_config.get("ClientName")
    client.extended_config = config
    return {"UserPoolClient": client.to_json(extended=True)}


@operation(IDP, "DeleteUserPoolClient")
def delete_user_pool_client(ctx: Ctx):
    # Deleting an app client also removes what belongs to it: its UI customization,
    # risk configuration, managed login branding and terms documents.
    pool = ctx.pool()
    client = ctx.client(pool)
    reply = ctx.moto()
    if reply.ok:
        forget_client(pool, client.id)
    return reply


@operation(IDP, "ListResourceServers")
def list_resource_servers(ctx: Ctx):
    # API_ListResourceServers: ResourceNotFoundException for an unknown pool (moto: 500).
    ctx.pool()
    return ctx.moto()


# ---------------------------------------------------------------------------------------
# Domains
# ---------------------------------------------------------------------------------------

# API_CreateUserPoolDomain: prefix domains match DomainType's pattern; custom domains are
# fully qualified names ("auth.example.com"), which that pattern does not describe.
PREFIX = re.compile(r"^[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?$")
FQDN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9\-]{0,61}[a-z0-9]$")
RESERVED = ("aws", "amazon", "cognito")


def _find_domain(ctx: Ctx, name: Any):
    return ctx.idp.user_pool_domains.get(name) if isinstance(name, str) else None


def _login_version(ctx: Ctx) -> int | None:
    v = ctx.get("ManagedLoginVersion")
    if v is not None and v not in (1, 2):
        raise invalid("ManagedLoginVersion must be 1 (hosted UI, classic) or 2 (managed login).")
    return v


def _domain_answer(d) -> dict:
    out: dict[str, Any] = {"ManagedLoginVersion": getattr(d, "_lc_managed_login_version", 1)}
    if d.custom_domain_config:
        out["CloudFrontDomain"] = d.to_json(extended=False)["CloudFrontDomain"]
    return out


@operation(IDP, "CreateUserPoolDomain")
def create_user_pool_domain(ctx: Ctx):
    # API_CreateUserPoolDomain. A domain name belongs to one pool in a Region
    # (InvalidParameterException "Domain already associated with another user pool.");
    # a pool has at most one prefix domain and one custom domain (CustomDomainConfig's
    # note: a custom domain can be added while "you had a prefix domain active");
    # prefixes may not contain "aws", "amazon" or "cognito" ("Domain cannot contain
    # reserved word: ..."). ManagedLoginVersion is 1 (default) or 2. The answer has
    # CloudFrontDomain only for a custom domain, and the ManagedLoginVersion.
    ctx.validate(skip=("Domain",))
    name = ctx.get("Domain")
    custom = ctx.get("CustomDomainConfig")
    if not isinstance(name, str):
        raise invalid("1 validation error detected: Value null at 'domain' failed to satisfy constraint: "
                      "Member must not be null")
    if custom is None:
        if not PREFIX.fullmatch(name):
            raise invalid(f"1 validation error detected: Value '{name}' at 'domain' failed to satisfy "
                          f"constraint: Member must satisfy regular expression pattern: {PREFIX.pattern}")
        for word in RESERVED:
            if word in name:
                raise invalid(f"Domain cannot contain reserved word: {word}")
    elif not FQDN.fullmatch(name):
        raise invalid(f"Custom domain {name} is not a valid fully qualified domain name.")
    version = _login_version(ctx)
    pool = ctx.pool()
    for backend in idp_backends_in_region(ctx.account, ctx.region):
        other = backend.user_pool_domains.get(name)
        if other is not None:
            if other.user_pool_id == pool.id:
                raise invalid("User pool already has a domain configured.")
            raise invalid("Domain already associated with another user pool.")
    if any(bool(d.custom_domain_config) == (custom is not None) for d in pool_domains(ctx, pool)):
        raise invalid("User pool already has a domain configured.")
    d = ctx.idp.create_user_pool_domain(pool.id, name, custom)
    d._lc_managed_login_version = version or 1
    return _domain_answer(d)


@operation(IDP, "DescribeUserPoolDomain")
def describe_user_pool_domain(ctx: Ctx):
    # API_DescribeUserPoolDomain / DomainDescriptionType: the pool, the account that owns
    # it (moto: a new random value on every call), CustomDomainConfig for a custom domain
    # and the ManagedLoginVersion. An unknown domain gets an empty DomainDescription.
    d = _find_domain(ctx, ctx.get("Domain"))
    if d is None:
        return {"DomainDescription": {}}
    desc = {
        "UserPoolId": d.user_pool_id,
        "AWSAccountId": ctx.account,
        "Domain": d.domain,
        "CloudFrontDistribution": d._distribution_name(),
        "Status": "ACTIVE",
        "ManagedLoginVersion": getattr(d, "_lc_managed_login_version", 1),
    }
    if d.custom_domain_config:
        desc["CustomDomainConfig"] = dict(d.custom_domain_config)
    return {"DomainDescription": desc}


def _owned_domain(ctx: Ctx):
    pool = ctx.pool()
    d = _find_domain(ctx, ctx.get("Domain"))
    if d is None:
        raise not_found(f"Domain {ctx.get('Domain')} does not exist.")
    if d.user_pool_id != pool.id:
        raise invalid(f"Domain {d.domain} is not associated with user pool {pool.id}.")
    return d


@operation(IDP, "UpdateUserPoolDomain")
def update_user_pool_domain(ctx: Ctx):
    # API_UpdateUserPoolDomain: changes the ManagedLoginVersion and, for a custom domain,
    # the certificate ("pass the ARN of a new Certificate Manager certificate"); what the
    # request leaves out stays as it was (moto drops the certificate). A prefix domain
    # has no certificate to change.
    ctx.validate(skip=("Domain",))
    version = _login_version(ctx)
    d = _owned_domain(ctx)
    custom = ctx.get("CustomDomainConfig")
    if custom is not None:
        if not d.custom_domain_config:
            raise invalid(f"{d.domain} is a prefix domain; CustomDomainConfig applies to custom domains only.")
        d.custom_domain_config = dict(custom)
    if version is not None:
        d._lc_managed_login_version = version
    return _domain_answer(d)


@operation(IDP, "DeleteUserPoolDomain")
def delete_user_pool_domain(ctx: Ctx):
    # API_DeleteUserPoolDomain: the domain must belong to the pool named in the request
    # (moto ignores UserPoolId).
    d = _owned_domain(ctx)
    del ctx.idp.user_pool_domains[d.domain]
    return {}


# ---------------------------------------------------------------------------------------
# Identity providers
# ---------------------------------------------------------------------------------------

# IdentityProviderType.ProviderDetails, "Describe response" examples: the keys AWS adds.
SOCIAL_DETAILS: dict[str, dict[str, str]] = {
    "Google": {
        "attributes_url": "https://people.googleapis.com/v1/people/me?personFields=",
        "attributes_url_add_attributes": "true",
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "oidc_issuer": "https://accounts.google.com",
        "token_request_method": "POST",
        "token_url": "https://www.googleapis.com/oauth2/v4/token",
    },
    "LoginWithAmazon": {
        "attributes_url": "https://api.amazon.com/user/profile",
        "attributes_url_add_attributes": "false",
        "authorize_url": "https://www.amazon.com/ap/oa",
        "token_request_method": "POST",
        "token_url": "https://api.amazon.com/auth/o2/token",
    },
    "SignInWithApple": {
        "attributes_url_add_attributes": "false",
        "authorize_url": "https://appleid.apple.com/auth/authorize",
        "oidc_issuer": "https://appleid.apple.com",
        "token_request_method": "POST",
        "token_url": "https://appleid.apple.com/auth/token",
    },
}

# The keys each type needs (CreateIdentityProviderRequest.ProviderDetails, "Create or
# update request" examples).
REQUIRED_DETAILS: dict[str, tuple[str, ...]] = {
    "Google": ("client_id", "client_secret", "authorize_scopes"),
    "Facebook": ("client_id", "client_secret", "authorize_scopes"),
    "LoginWithAmazon": ("client_id", "client_secret", "authorize_scopes"),
    "SignInWithApple": ("client_id", "team_id", "key_id", "private_key", "authorize_scopes"),
    "OIDC": ("client_id", "attributes_request_method", "oidc_issuer", "authorize_scopes"),
}

SAML_MD = "urn:oasis:names:tc:SAML:2.0:metadata"
REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"


def provider_details(ctx: Ctx, pool, ptype: str, details: dict) -> dict:
    """The ProviderDetails as AWS stores them: the request's, plus the computed keys."""
    details = dict(details)
    missing = [k for k in REQUIRED_DETAILS.get(ptype, ()) if not details.get(k)]
    if missing:
        raise invalid(f"ProviderDetails for {ptype} must include {', '.join(missing)}.")
    if ptype in SOCIAL_DETAILS:
        for k, v in SOCIAL_DETAILS[ptype].items():
            details.setdefault(k, v)
        # Sign in with Apple: the private key is write-only; AWS never returns it.
        if ptype == "SignInWithApple":
            details.pop("private_key", None)
    elif ptype == "Facebook":
        v = details.get("api_version")
        base = f"/{v}" if v else ""
        details.setdefault("attributes_url", f"https://graph.facebook.com{base}/me?fields=")
        details.setdefault("attributes_url_add_attributes", "true")
        details.setdefault("authorize_url", f"https://www.facebook.com{base}/dialog/oauth")
        details.setdefault("token_request_method", "GET")
        details.setdefault("token_url", f"https://graph.facebook.com{base}/oauth/access_token")
    elif ptype == "OIDC":
        # AWS reads the endpoints from the issuer's discovery document unless they are
        # given; localcognito cannot fetch it and derives them from oidc_issuer instead.
        issuer = details["oidc_issuer"].rstrip("/")
        details.setdefault("authorize_url", f"{issuer}/authorize")
        details.setdefault("token_url", f"{issuer}/token")
        details.setdefault("attributes_url", f"{issuer}/userInfo")
        details.setdefault("jwks_uri", f"{issuer}/.well-known/jwks.json")
        details.setdefault("attributes_url_add_attributes", "false")
    elif ptype == "SAML":
        has_url, has_file = bool(details.get("MetadataURL")), bool(details.get("MetadataFile"))
        if has_url == has_file:
            raise invalid("ProviderDetails for SAML must include exactly one of MetadataURL and MetadataFile.")
        sso, slo = _saml_endpoints(details)
        details["SSORedirectBindingURI"] = sso
        if slo:
            details["SLORedirectBindingURI"] = slo
        details["ActiveEncryptionCertificate"] = certificate(pool, "encryption")
    return details


def _saml_endpoints(details: dict) -> tuple[str, str | None]:
    """The IdP's HTTP-Redirect sign-in and sign-out URLs, read from its metadata. For a
    MetadataURL (which AWS downloads and localcognito cannot), made up from its host."""
    if details.get("MetadataFile"):
        try:
            root = ET.fromstring(details["MetadataFile"].replace('\\"', '"'))
        except ET.ParseError as e:
            raise invalid(f"Could not parse the SAML metadata: {e}") from None
        sso = slo = None
        for el in root.iter():
            if el.get("Binding") != REDIRECT:
                continue
            if el.tag == f"{{{SAML_MD}}}SingleSignOnService" and sso is None:
                sso = el.get("Location")
            elif el.tag == f"{{{SAML_MD}}}SingleLogoutService" and slo is None:
                slo = el.get("Location")
        if not sso:
            raise invalid("The SAML metadata has no SingleSignOnService with the HTTP-Redirect binding.")
        return sso, slo
    url = urlparse(details["MetadataURL"])
    if url.scheme not in ("http", "https") or not url.netloc:
        raise invalid(f"MetadataURL {details['MetadataURL']} is not a URL.")
    return f"{url.scheme}://{url.netloc}/saml/sso", None


@operation(IDP, "CreateIdentityProvider")
def create_identity_provider(ctx: Ctx):
    # API_CreateIdentityProvider: DuplicateProviderException for a name the pool already
    # has (moto overwrites); the ProviderDetails keys AWS adds per type (see
    # provider_details); SAML needs MetadataURL or MetadataFile. With no AttributeMapping,
    # AWS maps username to sub (moto does that part already).
    ctx.validate()
    pool = ctx.pool()
    name = ctx.get("ProviderName")
    if name in pool.identity_providers:
        raise AwsError("DuplicateProviderException", f"A provider with the name {name} already exists in this user pool.")
    params = dict(ctx.params)
    params["ProviderDetails"] = provider_details(ctx, pool, ctx.get("ProviderType"), ctx.get("ProviderDetails"))
    return ctx.moto(params)


@operation(IDP, "UpdateIdentityProvider")
def update_identity_provider(ctx: Ctx):
    # API_UpdateIdentityProvider: new ProviderDetails get the same computed keys as on
    # create.
    ctx.validate()
    pool = ctx.pool()
    provider = pool.identity_providers.get(ctx.get("ProviderName"))
    if provider is None:
        raise not_found(f"Identity provider {ctx.get('ProviderName')} does not exist.")
    params = dict(ctx.params)
    if ctx.get("ProviderDetails") is not None:
        ptype = provider.extended_config.get("ProviderType")
        params["ProviderDetails"] = provider_details(ctx, pool, ptype, ctx.get("ProviderDetails"))
    return ctx.moto(params)


# ---------------------------------------------------------------------------------------
# Users
# ---------------------------------------------------------------------------------------

SYMBOLS = "^$*.[]{}()?-\"!@#%&/\\,><':;|_~`+="


def temporary_password(pool) -> str:
    """A password that satisfies the pool's password policy (one character of every
    class, padded to at least the minimum length)."""
    policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
    length = max(int(policy.get("MinimumLength") or 8), 12)
    chars = [secrets.choice(string.ascii_uppercase), secrets.choice(string.ascii_lowercase),
             secrets.choice(string.digits), secrets.choice("!#%&*+-=?@^_")]
    pool_chars = string.ascii_letters + string.digits
    chars += [secrets.choice(pool_chars) for _ in range(length - len(chars))]
    secrets.SystemRandom().shuffle(chars)
    return "".join(chars)


@operation(IDP, "AdminCreateUser")
def admin_create_user(ctx: Ctx):
    # AdminCreateUserRequest.TemporaryPassword: "If you don't specify a value, Amazon
    # Cognito generates one for you" (moto leaves the user without a password). The user
    # still has to change it (FORCE_CHANGE_PASSWORD).
    pool = ctx.pool()
    if not ctx.get("TemporaryPassword") and ctx.get("MessageAction") != "RESEND":
        return ctx.moto(dict(ctx.params, TemporaryPassword=temporary_password(pool)))
    return ctx.moto()


# ---------------------------------------------------------------------------------------
# Identity pools
# ---------------------------------------------------------------------------------------


@operation(IDENTITY, "UpdateIdentityPool")
def update_identity_pool(ctx: Ctx):
    # API_UpdateIdentityPool: "If you don't provide a value for a parameter, Amazon
    # Cognito sets it to its default value." The name changes (moto keeps the old one);
    # providers left out are removed; IdentityPoolTags replace the tags ({} clears them,
    # which moto ignores). The developer provider name cannot change once set
    # (CreateIdentityPool: "Once you have set a developer provider name, you cannot
    # change it"). Unknown pool: ResourceNotFoundException (moto: 500).
    ctx.validate()
    pool = ctx.identity_pool()
    dev = ctx.get("DeveloperProviderName")
    if dev and pool.developer_provider_name and dev != pool.developer_provider_name:
        raise invalid("DeveloperProviderName cannot be changed once it is set.")
    pool.identity_pool_name = ctx.get("IdentityPoolName")
    pool.allow_unauthenticated_identities = bool(ctx.get("AllowUnauthenticatedIdentities"))
    pool.supported_login_providers = dict(ctx.get("SupportedLoginProviders", {}))
    if dev:
        pool.developer_provider_name = dev
    pool.open_id_connect_provider_arns = list(ctx.get("OpenIdConnectProviderARNs", []))
    pool.cognito_identity_providers = list(ctx.get("CognitoIdentityProviders", []))
    pool.saml_provider_arns = list(ctx.get("SamlProviderARNs", []))
    if ctx.get("IdentityPoolTags") is not None:
        pool.tags = dict(ctx.get("IdentityPoolTags"))
    return json.loads(pool.to_json())


@operation(IDENTITY, "ListIdentities")
def list_identities(ctx: Ctx):
    # API_ListIdentities: ResourceNotFoundException for an unknown pool (moto: 500).
    ctx.identity_pool()
    return ctx.moto()


@operation(IDENTITY, "ListIdentityPools")
def list_identity_pools(ctx: Ctx):
    # API_ListIdentityPools: MaxResults (1-60, required) and NextToken page through
    # IdentityPoolShortDescription entries (ID and name); moto ignores both.
    ctx.validate()
    items = [{"IdentityPoolId": p.identity_pool_id, "IdentityPoolName": p.identity_pool_name}
             for p in ctx.identity.identity_pools.values()]
    page, token = paginate(items, ctx.get("MaxResults"), ctx.get("NextToken"))
    out: dict[str, Any] = {"IdentityPools": page}
    if token:
        out["NextToken"] = token
    return out


def _login_subject(provider: str, token: str) -> str:
    """Who a login token stands for: its JWT `sub` (with issuer), else the token itself."""
    parts = token.split(".")
    if len(parts) == 3:
        try:
            pad = "=" * (-len(parts[1]) % 4)
            claims = json.loads(base64.urlsafe_b64decode(parts[1] + pad))
            if isinstance(claims, dict) and claims.get("sub"):
                return f"{provider}|{claims.get('iss', '')}|{claims['sub']}"
        except (ValueError, TypeError):
            pass
    return f"{provider}|{token}"


@operation(IDENTITY, "GetId")
def get_id(ctx: Ctx):
    # API_GetId: "Generates (or retrieves) IdentityID": the same logins get the same
    # identity (moto makes a new one on every call). Without logins the pool must allow
    # unauthenticated identities (NotAuthorizedException "Unauthenticated access is not
    # supported for this identity pool."). Unknown pool: ResourceNotFoundException.
    ctx.validate()
    pool = ctx.identity_pool()
    logins = ctx.get("Logins", {})
    if not logins:
        if not pool.allow_unauthenticated_identities:
            raise AwsError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
        return ctx.moto()
    known = pool.__dict__.setdefault("_lc_logins", {})
    subjects = [_login_subject(p, t) for p, t in sorted(logins.items())]
    for s in subjects:
        if s in known:
            identity_id = known[s]
            break
    else:
        reply = ctx.moto()
        if not reply.ok:
            return reply
        identity_id = reply.json()["IdentityId"]
    for s in subjects:  # several logins link to one identity
        known[s] = identity_id
    return {"IdentityId": identity_id}


@operation(IDENTITY, "GetCredentialsForIdentity")
def get_credentials_for_identity(ctx: Ctx):
    # API_GetCredentialsForIdentity: the identity must exist (ResourceNotFoundException).
    # Once the pool's roles are set (SetIdentityPoolRoles), a request with logins needs an
    # authenticated role and one without an unauthenticated role, else
    # InvalidIdentityPoolConfigurationException ("the identity pool has no authenticated
    # role configured"). Pools whose roles were never set keep moto's answer.
    ctx.validate()
    identity_id = ctx.get("IdentityId")
    region = identity_id.split(":", 1)[0]
    backend = identity_backend(ctx.account, region)
    pool = None
    if backend is not None:
        for pool_id, entry in backend.pools_identities.items():
            if any(i.get("IdentityId") == identity_id for i in entry.get("Identities", [])):
                pool = backend.identity_pools.get(pool_id)
                break
    if pool is None:
        raise not_found(f"Identity '{identity_id}' not found.")
    roles = getattr(pool, "_lc_roles", None)
    if roles is not None:
        wanted = "authenticated" if ctx.get("Logins") else "unauthenticated"
        if not roles.get(wanted) and not ctx.get("CustomRoleArn"):
            raise AwsError("InvalidIdentityPoolConfigurationException",
                           "Invalid identity pool configuration. Check assigned IAM roles for this pool.")
    return ctx.moto()


__all__ = ["MotoReply"]
