//! `cognito:index:getUserPoolSigningCertificate`: the certificate a user pool signs SAML
//! requests with.

use super::check_pool_id;
use crate::error::ProviderError;
use crate::function::Function;
use crate::resource::{Ctx, Failure};
use async_trait::async_trait;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The arguments of `getUserPoolSigningCertificate`.
#[serde_with::skip_serializing_none]
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolSigningCertificateArgs {
    /// The AWS region of the pool; defaults to the provider's region.
    pub region: Option<String>,
    /// The id of the user pool.
    #[serde(default)]
    pub user_pool_id: String,
}

/// What `getUserPoolSigningCertificate` returns.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GetUserPoolSigningCertificateResult {
    /// The X.509 certificate, base64-encoded DER, as AWS returns it.
    pub certificate: String,
    /// The user pool id.
    pub id: String,
    /// The region of the pool.
    pub region: String,
    /// The user pool id.
    pub user_pool_id: String,
}

/// The `getUserPoolSigningCertificate` function.
pub struct GetUserPoolSigningCertificate;

#[async_trait]
impl Function for GetUserPoolSigningCertificate {
    type Args = GetUserPoolSigningCertificateArgs;
    type Result = GetUserPoolSigningCertificateResult;
    const TOKEN: &'static str = "cognito:index:getUserPoolSigningCertificate";
    const DESCRIPTION: &'static str = r#"Gets the certificate a user pool signs SAML requests with (`GetSigningCertificate`), for a SAML identity provider to trust.

{{% examples %}}
## Example Usage
{{% example %}}

```typescript
import * as cognito from "@pulumi-cognito/cognito";

const cert = cognito.getUserPoolSigningCertificateOutput({ userPoolId: "us-east-1_AbC123" });
export const certificate = cert.certificate;
```
```python
import pulumi
import pulumi_cognito as cognito

cert = cognito.get_user_pool_signing_certificate_output(user_pool_id="us-east-1_AbC123")
pulumi.export("certificate", cert.certificate)
```
```go
package main

import (
	"github.com/pulumi-cognito/pulumi-cognito/sdk/go/cognito"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cert, err := cognito.GetUserPoolSigningCertificate(ctx, &cognito.GetUserPoolSigningCertificateArgs{UserPoolId: "us-east-1_AbC123"})
		if err != nil {
			return err
		}
		ctx.Export("certificate", pulumi.String(cert.Certificate))
		return nil
	})
}
```
```yaml
outputs:
  certificate:
    fn::invoke:
      function: cognito:index:getUserPoolSigningCertificate
      arguments:
        userPoolId: us-east-1_AbC123
      return: certificate
```
{{% /example %}}
{{% /examples %}}"#;

    fn check(a: &GetUserPoolSigningCertificateArgs) -> Vec<Failure> {
        check_pool_id(&a.user_pool_id)
    }

    async fn invoke(
        ctx: Ctx<'_>,
        a: &GetUserPoolSigningCertificateArgs,
    ) -> Result<GetUserPoolSigningCertificateResult, ProviderError> {
        let pool = a.user_pool_id.as_str();
        let out = ctx
            .aws
            .call("GetSigningCertificate", None, || {
                ctx.aws
                    .idp()
                    .get_signing_certificate()
                    .user_pool_id(pool)
                    .send()
            })
            .await?;
        Ok(GetUserPoolSigningCertificateResult {
            certificate: out.certificate().unwrap_or_default().to_string(),
            id: pool.to_string(),
            region: ctx.aws.region().to_string(),
            user_pool_id: pool.to_string(),
        })
    }
}
