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
  'kms:RetireGrant',
  'kms:RevokeGrant',
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

/** Administration that can't destroy or hijack the key: what CloudFormation updates use. */
export const KMS_ROUTINE_ADMIN_ACTIONS = [
  'kms:CreateAlias',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:RotateKeyOnDemand',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateKeyDescription',
];

/**
 * Administration that can destroy the key, make its data unreadable, lock its owners out or
 * repoint its alias: denied to everyone but the key admins and the deployer.
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
];
