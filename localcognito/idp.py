"""Cognito user pool operations that moto 5.2.5 does not have.

Each handler follows the operation's page in the Amazon Cognito user pools API Reference
(https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/), cited in
its comment. State lives on moto's own objects (attributes named `_lc_*` on the moto user
pool), so it goes when the pool is deleted and when `/moto-api/reset` wipes moto.
"""

from __future__ import annotations

import base64
import copy
import datetime
import hashlib
import ipaddress
import threading
from typing import Any

from .common import (
    IDP,
    AwsError,
    Ctx,
    decode_blob,
    invalid,
    new_uuid,
    not_found,
    now,
    operation,
    paginate,
)

# ---------------------------------------------------------------------------------------
# Per-pool state
# ---------------------------------------------------------------------------------------


def extras(pool) -> dict[str, Any]:
    """localcognito's state for one moto user pool, created on first use."""
    state = pool.__dict__.get("_lc_state")
    if state is None:
        state = pool._lc_state = {
            "ui": {},          # client id or "ALL" -> UI customization
            "risk": {},        # client id or "ALL" -> risk configuration
            "log_delivery": None,
            "branding": {},    # branding id -> branding (one per client)
            "terms": {},       # terms id -> terms (one per client and name)
            "certificates": {},  # purpose ("signing", "encryption") -> base64 DER
        }
    return state


def forget_client(pool, client_id: str) -> None:
    """What goes with an app client when it is deleted (DeleteUserPoolClient)."""
    st = extras(pool)
    st["ui"].pop(client_id, None)
    st["risk"].pop(client_id, None)
    for bid in [b for b, v in st["branding"].items() if v["ClientId"] == client_id]:
        del st["branding"][bid]
    for tid in [t for t, v in st["terms"].items() if v["ClientId"] == client_id]:
        del st["terms"][tid]


def pool_domains(ctx: Ctx, pool) -> list:
    return [d for d in ctx.idp.user_pool_domains.values() if d.user_pool_id == pool.id]


# ---------------------------------------------------------------------------------------
# Resource servers
# ---------------------------------------------------------------------------------------


@operation(IDP, "UpdateResourceServer")
def update_resource_server(ctx: Ctx):
    # API_UpdateResourceServer: replaces the name and scopes of a resource server; scopes
    # left out are removed ("If you don't provide a value for an attribute, it is set to
    # the default value"). Unknown pool or identifier: ResourceNotFoundException.
    ctx.validate()
    pool = ctx.pool()
    server = pool.resource_servers.get(ctx.get("Identifier"))
    if server is None:
        raise not_found(f"Resource server {ctx.get('Identifier')} does not exist.")
    scopes = ctx.get("Scopes", [])
    _unique_scopes(scopes)
    server.name = ctx.get("Name")
    server.scopes = scopes
    return {"ResourceServer": server.to_json()}


def _unique_scopes(scopes: list) -> None:
    names = [s.get("ScopeName") for s in scopes]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise invalid(f"Duplicate scope names: {', '.join(dupes)}.")


@operation(IDP, "DeleteResourceServer")
def delete_resource_server(ctx: Ctx):
    # API_DeleteResourceServer: deletes a resource server; ResourceNotFoundException when
    # the pool or the identifier does not exist. Empty response.
    ctx.validate()
    pool = ctx.pool()
    identifier = ctx.get("Identifier")
    if identifier not in pool.resource_servers:
        raise not_found(f"Resource server {identifier} does not exist.")
    del pool.resource_servers[identifier]
    return {}


# ---------------------------------------------------------------------------------------
# Hosted UI (classic) customization
# ---------------------------------------------------------------------------------------

NO_DOMAIN = "There has to be an existing domain associated with this user pool"


def _ui_target(ctx: Ctx, pool) -> str:
    """"ALL" for the pool-wide settings, else an existing app client's ID."""
    client_id = ctx.get("ClientId", "ALL")
    if client_id != "ALL":
        ctx.client(pool, client_id)
    if not pool_domains(ctx, pool):
        raise invalid(NO_DOMAIN)
    return client_id


@operation(IDP, "SetUICustomization")
def set_ui_customization(ctx: Ctx):
    # API_SetUICustomization: "Your user pool must have a domain." ClientId "ALL" (or
    # none) sets the default for all clients; a client ID overrides it for that client.
    # The request replaces the settings: CSS or image left out are removed. CSSVersion
    # changes when CSS is set and is kept after the CSS is removed. The image must be a
    # PNG or JPEG (Developer Guide, "Hosted UI (classic) branding": logo .png/.jpg/.jpeg).
    ctx.validate()
    pool = ctx.pool()
    target = _ui_target(ctx, pool)
    ui = extras(pool)["ui"]
    old = ui.get(target, {})
    t = now()
    entry: dict[str, Any] = {"UserPoolId": pool.id, "ClientId": target,
                             "CreationDate": old.get("CreationDate", t), "LastModifiedDate": t}
    if "CSSVersion" in old:
        entry["CSSVersion"] = old["CSSVersion"]
    css = ctx.get("CSS")
    if css:
        entry["CSS"] = css
        entry["CSSVersion"] = str(int(t * 1000))
    image = ctx.get("ImageFile")
    if image:
        data = decode_blob(image, "ImageFile")
        if not (data.startswith(b"\x89PNG\r\n\x1a\n") or data.startswith(b"\xff\xd8\xff")):
            raise invalid("ImageFile must be a PNG or JPEG image.")
        digest = hashlib.sha256(data).hexdigest()[:16]
        entry["ImageUrl"] = (f"https://{_cdn_host(pool)}/{pool.id}/{target}/"
                             f"{digest}/assets/images/image.jpg")
    ui[target] = entry
    return {"UICustomization": dict(entry)}


def _cdn_host(pool) -> str:
    return hashlib.md5(pool.id.encode()).hexdigest()[:14] + ".cloudfront.net"


@operation(IDP, "GetUICustomization")
def get_ui_customization(ctx: Ctx):
    # API_GetUICustomization: the client's settings, else the pool's ("ALL") settings,
    # else an empty object. Needs a domain, like SetUICustomization.
    ctx.validate()
    pool = ctx.pool()
    target = _ui_target(ctx, pool)
    ui = extras(pool)["ui"]
    found = ui.get(target) or ui.get("ALL") or {}
    return {"UICustomization": dict(found)}


# ---------------------------------------------------------------------------------------
# Threat protection (risk configuration)
# ---------------------------------------------------------------------------------------

ALL_EVENTS = ["SIGN_IN", "PASSWORD_CHANGE", "SIGN_UP"]
RISK_PARTS = ("CompromisedCredentialsRiskConfiguration", "AccountTakeoverRiskConfiguration",
              "RiskExceptionConfiguration")


@operation(IDP, "SetRiskConfiguration")
def set_risk_configuration(ctx: Ctx):
    # API_SetRiskConfiguration: per pool, or per app client (overriding the pool's).
    # "To set the risk configuration for the user pool to defaults, send this request with
    # only the UserPoolId parameter. To reset the threat protection settings of an app
    # client to be inherited from the user pool, send UserPoolId and ClientId parameters
    # only." CompromisedCredentialsRiskConfigurationType.EventFilter "defaults to all
    # events" (SIGN_IN, PASSWORD_CHANGE, SIGN_UP). IP ranges are CIDR blocks.
    ctx.validate()
    pool = ctx.pool()
    client_id = ctx.get("ClientId")
    if client_id is not None and client_id != "ALL":
        ctx.client(pool, client_id)
    key = client_id or "ALL"
    risk = extras(pool)["risk"]
    parts = {p: copy.deepcopy(ctx.get(p)) for p in RISK_PARTS if ctx.get(p) is not None}
    if not parts:
        risk.pop(key, None)
        return {"RiskConfiguration": _risk_view(pool, key, client_id)}
    cc = parts.get("CompromisedCredentialsRiskConfiguration")
    if cc is not None and not cc.get("EventFilter"):
        cc["EventFilter"] = list(ALL_EVENTS)
    for name in ("BlockedIPRangeList", "SkippedIPRangeList"):
        for cidr in parts.get("RiskExceptionConfiguration", {}).get(name, []):
            try:
                ipaddress.ip_network(cidr, strict=False)
                if "/" not in cidr:
                    raise ValueError
            except ValueError:
                raise invalid(f"{name} contains an invalid CIDR block: {cidr}") from None
    entry = dict(parts, UserPoolId=pool.id, LastModifiedDate=now())
    if client_id is not None:
        entry["ClientId"] = client_id
    risk[key] = entry
    return {"RiskConfiguration": dict(entry)}


def _risk_view(pool, key: str, client_id: str | None) -> dict:
    risk = extras(pool)["risk"]
    found = risk.get(key) or risk.get("ALL")
    if found:
        return dict(found)
    view = {"UserPoolId": pool.id}
    if client_id is not None:
        view["ClientId"] = client_id
    return view


@operation(IDP, "DescribeRiskConfiguration")
def describe_risk_configuration(ctx: Ctx):
    # API_DescribeRiskConfiguration: the client's configuration, else (inherited) the
    # pool's; with nothing set, only the IDs.
    ctx.validate()
    pool = ctx.pool()
    client_id = ctx.get("ClientId")
    if client_id is not None and client_id != "ALL":
        ctx.client(pool, client_id)
    return {"RiskConfiguration": _risk_view(pool, client_id or "ALL", client_id)}


# ---------------------------------------------------------------------------------------
# Log delivery
# ---------------------------------------------------------------------------------------

DESTINATIONS = ("CloudWatchLogsConfiguration", "S3Configuration", "FirehoseConfiguration")


@operation(IDP, "SetLogDeliveryConfiguration")
def set_log_delivery_configuration(ctx: Ctx):
    # API_SetLogDeliveryConfiguration with LogConfigurationType: at most one configuration
    # per EventSource. "To send userNotification activity ... choose ERROR with
    # CloudWatchLogsConfiguration. To send userAuthEvents activity with user logs from
    # threat protection with the Plus feature plan, choose INFO with one of
    # CloudWatchLogsConfiguration, FirehoseConfiguration, or S3Configuration"; userAuthEvents
    # outside the Plus plan: FeatureUnavailableInTierException. The request replaces the
    # configuration; the answer lists it in an order of AWS's choosing (here: reversed),
    # so callers must not rely on the order they sent.
    ctx.validate()
    pool = ctx.pool()
    configs = copy.deepcopy(ctx.get("LogConfigurations", []))
    seen: set[str] = set()
    for c in configs:
        source, level = c["EventSource"], c["LogLevel"]
        if source in seen:
            raise invalid(f"Duplicate log configuration for event source {source}.")
        seen.add(source)
        dests = [d for d in DESTINATIONS if c.get(d)]
        if len(dests) != 1:
            raise invalid(f"A log configuration for {source} needs exactly one destination.")
        if source == "userNotification" and (level != "ERROR" or dests[0] != "CloudWatchLogsConfiguration"):
            raise invalid("userNotification logs need LogLevel ERROR and a CloudWatchLogsConfiguration.")
        if source == "userAuthEvents":
            if level != "INFO":
                raise invalid("userAuthEvents logs need LogLevel INFO.")
            if pool.extended_config.get("UserPoolTier", "ESSENTIALS") != "PLUS":
                raise AwsError("FeatureUnavailableInTierException",
                               "userAuthEvents logs need the Plus feature plan (UserPoolTier PLUS).")
    configs.reverse()
    extras(pool)["log_delivery"] = configs
    return {"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": copy.deepcopy(configs)}}


@operation(IDP, "GetLogDeliveryConfiguration")
def get_log_delivery_configuration(ctx: Ctx):
    # API_GetLogDeliveryConfiguration: the pool's log configurations (none: an empty list).
    ctx.validate()
    pool = ctx.pool()
    configs = extras(pool)["log_delivery"] or []
    return {"LogDeliveryConfiguration": {"UserPoolId": pool.id, "LogConfigurations": copy.deepcopy(configs)}}


# ---------------------------------------------------------------------------------------
# Managed login branding
# ---------------------------------------------------------------------------------------


def _branding(ctx: Ctx, pool) -> dict:
    bid = ctx.get("ManagedLoginBrandingId")
    found = extras(pool)["branding"].get(bid)
    if found is None:
        raise not_found(f"Managed login branding {bid} does not exist.")
    return found


def _branding_view(b: dict) -> dict:
    out = {k: copy.deepcopy(v) for k, v in b.items() if k != "ClientId"}
    if out.get("Settings") is None:
        out.pop("Settings", None)
    return out


def _merge(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict):
        merged = dict(old)
        for k, v in new.items():
            merged[k] = _merge(old.get(k), v)
        return merged
    return copy.deepcopy(new)


def _check_branding_values(ctx: Ctx) -> None:
    # CreateManagedLoginBrandingRequest.UseCognitoProvidedValues: "When you specify true
    # for this option, you must also omit values for Settings and Assets in the request."
    if ctx.get("UseCognitoProvidedValues") and (ctx.get("Settings") is not None or ctx.get("Assets")):
        raise invalid("Settings and Assets must be omitted when UseCognitoProvidedValues is true.")
    keys = [(a["Category"], a["ColorMode"]) for a in ctx.get("Assets", [])]
    if len(set(keys)) != len(keys):
        raise invalid("Assets must not repeat a Category and ColorMode pair.")
    if ctx.get("Settings") is not None and not isinstance(ctx.get("Settings"), dict):
        raise invalid("Settings must be a JSON object.")


@operation(IDP, "CreateManagedLoginBranding")
def create_managed_login_branding(ctx: Ctx):
    # API_CreateManagedLoginBranding: creates a style for one app client;
    # ManagedLoginBrandingExistsException when the client already has one.
    ctx.validate()
    pool = ctx.pool()
    client = ctx.client(pool)
    _check_branding_values(ctx)
    brandings = extras(pool)["branding"]
    if any(b["ClientId"] == client.id for b in brandings.values()):
        raise AwsError("ManagedLoginBrandingExistsException",
                       f"App client {client.id} already has a managed login branding style.")
    t = now()
    b = {
        "ManagedLoginBrandingId": new_uuid(),
        "UserPoolId": pool.id,
        "ClientId": client.id,
        "UseCognitoProvidedValues": bool(ctx.get("UseCognitoProvidedValues", False)),
        "Settings": copy.deepcopy(ctx.get("Settings")),
        "Assets": copy.deepcopy(ctx.get("Assets", [])),
        "CreationDate": t,
        "LastModifiedDate": t,
    }
    brandings[b["ManagedLoginBrandingId"]] = b
    return {"ManagedLoginBranding": _branding_view(b)}


@operation(IDP, "DescribeManagedLoginBranding")
def describe_managed_login_branding(ctx: Ctx):
    # API_DescribeManagedLoginBranding: the style with that ID in that pool. With
    # ReturnMergedResources, AWS adds its defaults for everything not customized;
    # localcognito has no copy of those defaults and returns the customized values only.
    ctx.validate()
    pool = ctx.pool()
    return {"ManagedLoginBranding": _branding_view(_branding(ctx, pool))}


@operation(IDP, "DescribeManagedLoginBrandingByClient")
def describe_managed_login_branding_by_client(ctx: Ctx):
    # API_DescribeManagedLoginBrandingByClient: the style assigned to an app client;
    # ResourceNotFoundException when it has none.
    ctx.validate()
    pool = ctx.pool()
    client = ctx.client(pool)
    for b in extras(pool)["branding"].values():
        if b["ClientId"] == client.id:
            return {"ManagedLoginBranding": _branding_view(b)}
    raise not_found(f"App client {client.id} has no managed login branding style.")


@operation(IDP, "UpdateManagedLoginBranding")
def update_managed_login_branding(ctx: Ctx):
    # API_UpdateManagedLoginBranding: "Amazon Cognito doesn't require that you pass all
    # parameters in one request and preserves existing style settings that you don't
    # specify": Settings are merged key by key, Assets replace the asset of the same
    # Category and ColorMode. UseCognitoProvidedValues true returns to Cognito's defaults.
    ctx.validate()
    for required in ("UserPoolId", "ManagedLoginBrandingId"):
        if ctx.get(required) is None:
            raise invalid(f"{required} is required.")
    pool = ctx.pool()
    b = _branding(ctx, pool)
    _check_branding_values(ctx)
    if ctx.get("UseCognitoProvidedValues"):
        b.update(UseCognitoProvidedValues=True, Settings=None, Assets=[])
    else:
        if ctx.get("Settings") is not None:
            b["Settings"] = _merge(b["Settings"] or {}, ctx.get("Settings"))
            b["UseCognitoProvidedValues"] = False
        if ctx.get("Assets"):
            assets = {(a["Category"], a["ColorMode"]): a for a in b["Assets"]}
            for a in ctx.get("Assets"):
                assets[(a["Category"], a["ColorMode"])] = copy.deepcopy(a)
            b["Assets"] = list(assets.values())
            b["UseCognitoProvidedValues"] = False
        if ctx.get("UseCognitoProvidedValues") is False:
            b["UseCognitoProvidedValues"] = False
    b["LastModifiedDate"] = now()
    return {"ManagedLoginBranding": _branding_view(b)}


@operation(IDP, "DeleteManagedLoginBranding")
def delete_managed_login_branding(ctx: Ctx):
    # API_DeleteManagedLoginBranding: deletes the style; ResourceNotFoundException if the
    # pool or the style does not exist.
    ctx.validate()
    pool = ctx.pool()
    b = _branding(ctx, pool)
    del extras(pool)["branding"][b["ManagedLoginBrandingId"]]
    return {}


# ---------------------------------------------------------------------------------------
# Terms documents
# ---------------------------------------------------------------------------------------


def _terms(ctx: Ctx, pool) -> dict:
    tid = ctx.get("TermsId")
    found = extras(pool)["terms"].get(tid)
    if found is None:
        raise not_found(f"Terms {tid} do not exist.")
    return found


def _name_taken(pool, client_id: str, name: str, except_id: str | None = None) -> bool:
    return any(t["ClientId"] == client_id and t["TermsName"] == name and t["TermsId"] != except_id
               for t in extras(pool)["terms"].values())


@operation(IDP, "CreateTerms")
def create_terms(ctx: Ctx):
    # API_CreateTerms: one terms document per app client and TermsName (terms-of-use or
    # privacy-policy); a second one raises TermsExistsException ("Terms document names
    # must be unique to the app client").
    ctx.validate()
    pool = ctx.pool()
    client = ctx.client(pool)
    name = ctx.get("TermsName")
    if _name_taken(pool, client.id, name):
        raise AwsError("TermsExistsException", f"Terms {name} already exist for app client {client.id}.")
    t = now()
    terms = {
        "TermsId": new_uuid(),
        "UserPoolId": pool.id,
        "ClientId": client.id,
        "TermsName": name,
        "TermsSource": ctx.get("TermsSource"),
        "Enforcement": ctx.get("Enforcement"),
        "Links": dict(ctx.get("Links", {})),
        "CreationDate": t,
        "LastModifiedDate": t,
    }
    extras(pool)["terms"][terms["TermsId"]] = terms
    return {"Terms": dict(terms)}


@operation(IDP, "DescribeTerms")
def describe_terms(ctx: Ctx):
    # API_DescribeTerms: the terms document with that ID in that pool.
    ctx.validate()
    return {"Terms": dict(_terms(ctx, ctx.pool()))}


@operation(IDP, "UpdateTerms")
def update_terms(ctx: Ctx):
    # API_UpdateTerms: changes the given fields of a terms document; a TermsName that the
    # client already uses for another document raises TermsExistsException.
    ctx.validate()
    pool = ctx.pool()
    terms = _terms(ctx, pool)
    name = ctx.get("TermsName")
    if name is not None and _name_taken(pool, terms["ClientId"], name, terms["TermsId"]):
        raise AwsError("TermsExistsException", f"Terms {name} already exist for app client {terms['ClientId']}.")
    for field in ("TermsName", "TermsSource", "Enforcement", "Links"):
        if ctx.get(field) is not None:
            terms[field] = copy.deepcopy(ctx.get(field))
    terms["LastModifiedDate"] = now()
    return {"Terms": dict(terms)}


@operation(IDP, "DeleteTerms")
def delete_terms(ctx: Ctx):
    # API_DeleteTerms: deletes a terms document; ResourceNotFoundException if unknown.
    ctx.validate()
    pool = ctx.pool()
    terms = _terms(ctx, pool)
    del extras(pool)["terms"][terms["TermsId"]]
    return {}


@operation(IDP, "ListTerms")
def list_terms(ctx: Ctx):
    # API_ListTerms: TermsDescriptionType entries (ID, name, enforcement, dates), paged by
    # MaxResults (1-60) and NextToken.
    ctx.validate()
    pool = ctx.pool()
    items = [{k: t[k] for k in ("TermsId", "TermsName", "Enforcement", "CreationDate", "LastModifiedDate")}
             for t in extras(pool)["terms"].values()]
    page, token = paginate(items, ctx.get("MaxResults"), ctx.get("NextToken"))
    out: dict[str, Any] = {"Terms": page}
    if token:
        out["NextToken"] = token
    return out


# ---------------------------------------------------------------------------------------
# SAML signing certificate
# ---------------------------------------------------------------------------------------

_cert_key_lock = threading.Lock()
_cert_key: Any = None


def _signing_key():
    """One RSA key for every pool's certificate, made once (moto does the same for JWKs)."""
    global _cert_key
    with _cert_key_lock:
        if _cert_key is None:
            from cryptography.hazmat.primitives.asymmetric import rsa

            _cert_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        return _cert_key


def certificate(pool, purpose: str = "signing") -> str:
    """A self-signed X.509 certificate for the pool, base64 DER (as AWS prints it)."""
    certs = extras(pool)["certificates"]
    if purpose in certs:
        return certs[purpose]
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    key = _signing_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{pool.id} {purpose}")])
    start = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=3650))
            .sign(key, hashes.SHA256()))
    text = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()
    certs[purpose] = text
    return text


@operation(IDP, "GetSigningCertificate")
def get_signing_certificate(ctx: Ctx):
    # API_GetSigningCertificate: the pool's certificate for signing SAML requests, "valid
    # for 10 years from the date of issue"; the same answer on every call.
    ctx.validate()
    return {"Certificate": certificate(ctx.pool())}


# ---------------------------------------------------------------------------------------
# Tags on user pools
# ---------------------------------------------------------------------------------------


def _tagged_pool(ctx: Ctx):
    # The only taggable Cognito user pools resource is the user pool:
    # arn:<partition>:cognito-idp:<region>:<account>:userpool/<id>.
    arn = ctx.get("ResourceArn")
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "cognito-idp" or not parts[5].startswith("userpool/"):
        raise invalid(f"Invalid ARN: {arn}")
    pool = ctx.idp.user_pools.get(parts[5][len("userpool/"):])
    if pool is None or pool.arn != arn:
        raise not_found(f"Resource {arn} does not exist.")
    return pool


def _tags(pool) -> dict:
    # moto keeps a pool's tags in UserPoolTags, which DescribeUserPool returns.
    tags = pool.extended_config.get("UserPoolTags")
    if not isinstance(tags, dict):
        tags = pool.extended_config["UserPoolTags"] = {}
    return tags


@operation(IDP, "TagResource")
def tag_resource(ctx: Ctx):
    # API_TagResource: adds or overwrites tags; at most 50 tags on a resource.
    ctx.validate()
    tags = _tags(_tagged_pool(ctx))
    merged = dict(tags, **ctx.get("Tags"))
    if len(merged) > 50:
        raise invalid("A user pool can have at most 50 tags.")
    tags.update(ctx.get("Tags"))
    return {}


@operation(IDP, "UntagResource")
def untag_resource(ctx: Ctx):
    # API_UntagResource: removes the named tags; keys not present are ignored.
    ctx.validate()
    tags = _tags(_tagged_pool(ctx))
    for k in ctx.get("TagKeys"):
        tags.pop(k, None)
    return {}


@operation(IDP, "ListTagsForResource")
def list_tags_for_resource(ctx: Ctx):
    # API_ListTagsForResource: the pool's tags as a map.
    ctx.validate()
    return {"Tags": dict(_tags(_tagged_pool(ctx)))}
