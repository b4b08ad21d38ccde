// A native Pulumi provider for Amazon Cognito user pools, user pool clients and identity pools.
package cognito
