/** Hand-hardened (c): three customer-managed keys (data, messaging, audit), rotated, retained, guarded. */
import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';

export interface HardenedKeys {
  readonly data: kms.Key;
  readonly messaging: kms.Key;
  readonly audit: kms.Key;
}

const GUARDED_ACTIONS = [
  'kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy', 'kms:DisableKeyRotation',
  'kms:CreateGrant', 'kms:RevokeGrant', 'kms:UpdateAlias', 'kms:DeleteAlias',
];

export function hardenedKeys(stack: Stack): HardenedKeys {
  const admins = iam.Role.fromRoleName(stack, 'KeyAdmins', 'security-key-admins');
  const key = (use: string, services: string[]) => {
    const created = new kms.Key(stack, `${use}Key`, {
      description: `Customer-managed key for ${use.toLowerCase()}`,
      alias: `alias/findings/${use.toLowerCase()}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    created.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyKeyAdministrationToAllButAdmins',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: GUARDED_ACTIONS,
      resources: ['*'],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': [admins.roleArn] } },
    }));
    for (const service of services) {
      created.grantEncryptDecrypt(new iam.ServicePrincipal(service));
    }
    return created;
  };
  return {
    data: key('Data', []),
    messaging: key('Messaging', []),
    audit: key('Audit', [`logs.${stack.region}.amazonaws.com`, 'cloudtrail.amazonaws.com']),
  };
}
