#!/usr/bin/env bash
# demo.sh: the whole product in one command, on loopback, with nothing from AWS.
#
#   1. installs what is missing: a Python venv with moto (scripts/ensure-venv.sh),
#      the pulumi CLI + language hosts (scripts/ensure-pulumi.sh), the Python
#      example's venv with the generated SDK (examples/prepare.sh python);
#   2. builds the provider and installs the plugin (scripts/package.sh);
#   3. starts the local Cognito (scripts/local-cognito.sh) on a free loopback port;
#   4. deploys examples/python with `pulumi up`;
#   5. prints the stack outputs;
#   6. signs the stack's administrator (a cognito.User in the admins group) in
#      through the new client (AdminInitiateAuth with SECRET_HASH), then trades
#      the ID token for AWS credentials through the identity pool (GetId,
#      GetCredentialsForIdentity; the role attachment maps groups to roles);
#   7. stops the local Cognito (also on Ctrl-C or failure).
#
# Safe to re-run: every run starts from a fresh moto and a fresh stack. Pulumi
# state, plugin cache and passphrase are the demo's own, under .cache/demo/ in
# the repository (never ~/.pulumi); the stack's config is
# examples/python/Pulumi.demo.yaml. Both are git-ignored.
set -euo pipefail
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$REPO"
say() { printf '\n\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'demo: error: %s\n' "$*" >&2; exit 1; }

DEMO=$REPO/.cache/demo
STACK=demo
EXAMPLE=$REPO/examples/python

say "Installing what is missing (venv with moto, pulumi CLI, the example's SDK)"
venv=$(scripts/ensure-venv.sh | tail -n1)
pulumi_bin=$(scripts/ensure-pulumi.sh | tail -n1)
examples/prepare.sh python

# Only the demo's own Pulumi and AWS settings from here on.
while IFS= read -r v; do unset "$v"; done < <(env | sed -n 's/^\(\(AWS\|PULUMI\)_[A-Za-z0-9_]*\)=.*/\1/p')
export PATH="$pulumi_bin:$PATH" \
  PULUMI_HOME=$DEMO/pulumi-home \
  PULUMI_CONFIG_PASSPHRASE=pulumi-cognito-demo \
  PULUMI_SKIP_UPDATE_CHECK=1 \
  PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=1 \
  AWS_EC2_METADATA_DISABLED=true
mkdir -p "$PULUMI_HOME"
# The Python host (v3.66.0's, the newest the Go module proxy serves) ignores the program's
# `virtualenv` option that today's engine passes it: activate the venv as a shell would.
export VIRTUAL_ENV=$EXAMPLE/venv PATH="$EXAMPLE/venv/bin:$PATH"
echo "pulumi $(pulumi version) (engine), with the example's Python SDK $("$EXAMPLE/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pulumi"))')" >&2

say "Building the provider and installing the plugin"
scripts/package.sh >/dev/null

say "Starting the local Cognito (moto plus localcognito, scripts/local-cognito.sh) on loopback"
mkdir -p "$DEMO"
rm -f "$DEMO/local-cognito.out"
scripts/local-cognito.sh >"$DEMO/local-cognito.out" 2>"$DEMO/moto.log" &
moto_pid=$!
cleanup() {
  if kill -0 "$moto_pid" 2>/dev/null; then
    kill "$moto_pid" 2>/dev/null || true
    wait "$moto_pid" 2>/dev/null || true
    printf '\ndemo: stopped the local Cognito (pid %s)\n' "$moto_pid" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# Its first stdout line names the port it bound: "listening on http://127.0.0.1:PORT".
endpoint=
for _ in $(seq 1 300); do
  endpoint=$(sed -n '1s/^listening on //p' "$DEMO/local-cognito.out" 2>/dev/null)
  [[ -n "$endpoint" ]] && break
  kill -0 "$moto_pid" 2>/dev/null || { cat "$DEMO/moto.log" >&2; die "the local Cognito exited"; }
  sleep 0.2
done
[[ -n "$endpoint" ]] || die "the local Cognito did not start (see $DEMO/moto.log)"
curl -fsS -o /dev/null "$endpoint/moto-api/" || die "the local Cognito does not answer on $endpoint"
echo "the local Cognito is listening on $endpoint (pid $moto_pid)" >&2

say "Deploying examples/python with pulumi up"
# A fresh stack each run: the previous run's resources died with its moto.
rm -rf "$DEMO/state" "$EXAMPLE/Pulumi.$STACK.yaml"
mkdir -p "$DEMO/state"
cd "$EXAMPLE"
pulumi login "file://$DEMO/state" >/dev/null
pulumi stack init "$STACK" --non-interactive >/dev/null
pulumi config set cognito:region us-east-1
pulumi config set cognito:endpoint "$endpoint"
pulumi config set cognito:accessKey testing
pulumi config set --secret cognito:secretKey testing
pulumi up --yes

say "Stack outputs"
pulumi stack output
outputs=$(pulumi stack output --json)

say "Signing the stack's administrator in, then getting AWS credentials through the identity pool"
OUTPUTS=$outputs ENDPOINT=$endpoint "$venv/bin/python" - <<'PY'
import base64, hashlib, hmac, json, os, urllib.request

import boto3

out = json.loads(os.environ["OUTPUTS"])
pool, client_id, id_pool = out["user_pool_id"], out["user_pool_client_id"], out["identity_pool_id"]
kw = dict(endpoint_url=os.environ["ENDPOINT"], region_name="us-east-1",
          aws_access_key_id="testing", aws_secret_access_key="testing")
idp, identity = boto3.client("cognito-idp", **kw), boto3.client("cognito-identity", **kw)
# The stack created this user (cognito.User) and put it in the admins group (cognito.UserInGroup).
user, password = "platform-admin", "Platform-Admin-42!"
groups = [g["GroupName"] for g in idp.admin_list_groups_for_user(UserPoolId=pool, Username=user)["Groups"]]
print(f"user {user!r} of {pool} is in the groups {groups}")
secret = idp.describe_user_pool_client(UserPoolId=pool, ClientId=client_id)["UserPoolClient"]["ClientSecret"]
secret_hash = base64.b64encode(hmac.new(secret.encode(), (user + client_id).encode(), hashlib.sha256).digest()).decode()
auth = idp.admin_initiate_auth(
    UserPoolId=pool, ClientId=client_id, AuthFlow="ADMIN_NO_SRP_AUTH",
    AuthParameters={"USERNAME": user, "PASSWORD": password, "SECRET_HASH": secret_hash},
)["AuthenticationResult"]
print(f"AdminInitiateAuth (ADMIN_NO_SRP_AUTH, SECRET_HASH) through client {client_id}:")
for name in ("IdToken", "AccessToken", "RefreshToken"):
    tok = auth.get(name) or ""
    print(f"  {name:13s} {tok[:24]}... ({len(tok)} chars)")
payload = auth["IdToken"].split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
print(f"  id token claims: cognito:username={claims.get('cognito:username')!r}, iss={claims.get('iss')!r}")
assert all(auth.get(n) for n in ("IdToken", "AccessToken", "RefreshToken")), "missing tokens"

# The identity pool trades the ID token for AWS credentials; its role attachment
# (cognito.IdentityPoolRoleAttachment) maps cognito:groups to roles.
roles = identity.get_identity_pool_roles(IdentityPoolId=id_pool)
print(f"identity pool {id_pool}: authenticated role {roles['Roles'].get('authenticated')}, "
      f"{len(next(iter(roles['RoleMappings'].values()))['RulesConfiguration']['Rules'])} group rules")
logins = {f"cognito-idp.us-east-1.amazonaws.com/{pool}": auth["IdToken"]}
identity_id = identity.get_id(IdentityPoolId=id_pool, Logins=logins)["IdentityId"]
creds = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)["Credentials"]
print(f"GetId -> {identity_id}; GetCredentialsForIdentity -> AccessKeyId {creds['AccessKeyId']}, "
      f"session token of {len(creds['SessionToken'])} chars, expires {creds['Expiration']}")
print("signed in: tokens and AWS credentials came back")

# The hosted sign-in domain (cognito.UserPoolDomain) and the machine-to-machine client
# (client-credentials flow, scopes of the cognito.ResourceServer).
domain, scheduler = out["domain"], out["scheduler_client_id"]
print(f"hosted login pages: https://{domain}.auth.us-east-1.amazoncognito.com/login "
      "(on AWS; the local Cognito serves the domain's token endpoint but not the login pages)")
sched_secret = idp.describe_user_pool_client(UserPoolId=pool, ClientId=scheduler)["UserPoolClient"]["ClientSecret"]
req = urllib.request.Request(
    os.environ["ENDPOINT"] + "/oauth2/token", data=b"grant_type=client_credentials", method="POST",
    headers={"Content-Type": "application/x-www-form-urlencoded",
             "Authorization": "Basic " + base64.b64encode(f"{scheduler}:{sched_secret}".encode()).decode()})
with urllib.request.urlopen(req, timeout=30) as r:
    token = json.loads(r.read())
payload = token["access_token"].split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
print(f"client-credentials token for the scheduler {scheduler} from {os.environ['ENDPOINT']}/oauth2/token "
      f"(standing in for https://{domain}.auth.us-east-1.amazoncognito.com/oauth2/token):")
print(f"  {token['token_type']} token of {len(token['access_token'])} chars, expires in {token['expires_in']} s, "
      f"scope {claims['scope']!r}")
assert claims["client_id"] == scheduler and len(claims["scope"].split()) == 2, claims
PY

say "Done"
cat >&2 <<EOF
The stack lives in $DEMO/state (a file backend); moto stops now, so its
resources go with it. To point the same program at real AWS, see README.md.
EOF
