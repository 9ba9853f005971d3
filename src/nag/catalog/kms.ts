import { NagMessageLevel } from 'cdk-nag';
import { RuleEntry } from '../private/rule-entry';
import { KmsKeyDeletionGuard, KmsKeyRotation } from '../rules';

/** The KMS rules: keys that rotate and can't be destroyed by any principal of the account. */
export const KMS_RULES: RuleEntry[] = [
  {
    rule: KmsKeyRotation,
    level: NagMessageLevel.ERROR,
    info: 'The symmetric KMS key does not have automatic rotation enabled.',
    help: {
      risk: 'Rotation limits how much data one key version protects and how long a leaked version stays useful. KMS keeps old versions to decrypt old data, so rotation is transparent.',
      fixWithThisLibrary: 'KeyPerUsePolicy creates every key with rotation on.',
      fixWithAwsCdkLib: 'set enableKeyRotation: true on the kms.Key (EnableKeyRotation).',
      awsDoc: { title: 'Rotate AWS KMS keys', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html' },
    },
  },
  {
    rule: KmsKeyDeletionGuard,
    level: NagMessageLevel.ERROR,
    info: 'The KMS key policy lets the whole account schedule the key\'s deletion, with no Deny of kms:ScheduleKeyDeletion that exempts only named principals.',
    help: {
      risk: 'A key policy that allows the account root (or "*") kms:* delegates key deletion to any IAM principal granted it, and deleting a key destroys every piece of data encrypted under it. A Deny only guards the key if its condition exempts named principals (aws:PrincipalArn ArnNotEquals listed role ARNs); a pattern such as arn:aws:iam::*:role/* exempts every role and guards nothing.',
      fixWithThisLibrary: 'KeyPerUsePolicy denies kms:ScheduleKeyDeletion and the other sensitive administration to everyone but its adminRoles and the deployer.',
      fixWithAwsCdkLib: 'add to the kms.Key\'s policy a Deny of kms:ScheduleKeyDeletion for AnyPrincipal with conditions { ArnNotEquals: { "aws:PrincipalArn": [adminRole.roleArn] } }, or allow kms:* to the named admin roles only.',
      awsDoc: { title: 'Delete an AWS KMS key', url: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html' },
    },
  },
];
