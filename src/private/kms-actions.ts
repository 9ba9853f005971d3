/**
 * KMS action names, spelled out: no key policy or grant of this library uses a wildcard
 * action, so a reviewer reads exactly what is allowed.
 */

/** Cryptographic use of a symmetric encryption key and its grants; what services and IAM roles need. */
export const KMS_USAGE_ACTIONS = [
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:GenerateDataKeyWithoutPlaintext',
  'kms:ReEncryptFrom',
  'kms:ReEncryptTo',
  'kms:CreateGrant',
  'kms:ListGrants',
];

/** Reading the key's metadata. */
export const KMS_READ_ACTIONS = [
  'kms:DescribeKey',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
];

/** Administration that can't destroy, hijack or widen the key: what CloudFormation updates use. */
export const KMS_ROUTINE_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:UpdateKeyDescription',
];

/**
 * Administration that can destroy the key, make its data unreadable, lock its owners out,
 * repoint its alias or widen who may use it: denied to everyone but the key admins and the
 * deployer. Tags widen use where IAM policies allow keys by tag (the KMS Developer Guide,
 * "Using tags to control access to KMS keys": "changing a tag can give principals permission
 * to use KMS keys that they didn't otherwise have permission to use").
 */
export const KMS_SENSITIVE_ADMIN_ACTIONS = [
  'kms:ScheduleKeyDeletion',
  'kms:CancelKeyDeletion',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:PutKeyPolicy',
  'kms:DeleteAlias',
  'kms:UpdateAlias',
  'kms:DeleteImportedKeyMaterial',
  'kms:ReplicateKey',
  'kms:UpdatePrimaryRegion',
  'kms:TagResource',
  'kms:UntagResource',
];

/**
 * Deleting grants, which strips an AWS service (a DynamoDB table, an EBS volume) of the key it
 * encrypts with: denied to everyone but the key admins and the deployer, except where AWS
 * itself acts. The KMS Developer Guide, "Retiring and revoking grants": RevokeGrant is
 * authorized by key and IAM policies; a grant's retiring and grantee principals retire it on
 * the grant's own authority, and "the kms:RetireGrant permission is not effective in a key
 * policy". So the Deny of RetireGrant can't stop a service retiring its own grant (nor is it
 * meant to); it states the intent at no cost to services, and RevokeGrant is the one that bites.
 */
export const KMS_GRANT_REMOVAL_ACTIONS = [
  'kms:RevokeGrant',
  'kms:RetireGrant',
];
