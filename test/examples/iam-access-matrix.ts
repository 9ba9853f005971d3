import { IamModel, viaService } from '../support/iam';

/** The services a KMS request may come through in the example app. */
const KMS_PATHS = ['dynamodb', 'sqs', 'logs', 'lambda', 's3'];

/** Actions probed beyond those the policies name, to show what a role can't do. */
const PROBE_ACTIONS = [
  'dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem',
  'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DisableKey',
  'sqs:SendMessage', 'sqs:ReceiveMessage', 'logs:PutLogEvents', 'lambda:InvokeFunction',
  's3:GetObject', 's3:PutObject', 's3:DeleteObject',
];

/** Objects probed in every bucket: the managed truststore's key and any other key. */
const OBJECT_KEYS = ['truststore.pem', 'other-key'];

const ARN_TYPES = ['AWS::DynamoDB::Table', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::Logs::LogGroup', 'AWS::Lambda::Function'];

export interface AccessMatrix {
  /** Per role: every `action resource [via service]` the simulator allows. */
  readonly roles: Record<string, string[]>;
  /** Roles that hold an AWS-managed policy, which can't be evaluated offline. */
  readonly awsManaged: Record<string, string[]>;
}

/**
 * For every role in the template, every request (action × resource of that service) the IAM
 * policy simulator allows, with the key policy as the resource policy for KMS requests.
 */
export async function accessMatrix(template: any): Promise<AccessMatrix> {
  const model = new IamModel(template);
  const resources = [
    ...ARN_TYPES.flatMap((type) => model.logicalIds(type).map((id) => ({ id, type, arn: concreteArn(model.arnOf(id)) }))),
    ...model.logicalIds('AWS::S3::Bucket').flatMap((bucket) =>
      OBJECT_KEYS.map((key) => ({ id: `${bucket}/${key}`, type: 'AWS::S3::Object', arn: `${model.arnOf(bucket)}/${key}` }))),
  ];
  const roles: Record<string, string[]> = {};
  const awsManaged: Record<string, string[]> = {};
  for (const role of model.logicalIds('AWS::IAM::Role')) {
    const managed = (template.Resources[role].Properties.ManagedPolicyArns ?? []).filter((arn: any) => !arn?.Ref);
    if (managed.length > 0) {
      awsManaged[role] = managed.map((arn: any) => JSON.stringify(model.resolve(arn)));
      continue;
    }
    const actions = new Set(PROBE_ACTIONS);
    for (const { policy } of model.identityPolicies(role)) {
      for (const statement of [policy.Statement].flat()) {
        [statement.Action ?? []].flat().forEach((action: string) => actions.add(action));
      }
    }
    const allowed: string[] = [];
    for (const action of [...actions].sort()) {
      const service = action.split(':')[0];
      for (const resource of resources.filter((candidate) => candidate.arn.split(':')[2] === service)) {
        const paths = service === 'kms' ? KMS_PATHS : [undefined];
        for (const path of paths) {
          const decision = await model.decide({
            role,
            action,
            resource: resource.arn,
            key: resource.type === 'AWS::KMS::Key' ? resource.id : undefined,
            context: path ? viaService(path) : undefined,
          });
          if (decision === 'Allowed') {
            allowed.push(`${action} ${resource.id}${path ? ` via ${path}` : ''}`);
          }
        }
      }
    }
    roles[role] = allowed;
  }
  return { roles, awsManaged };
}

/** A log group's ARN ends in `:*`; a request names one stream. */
function concreteArn(arn: string): string {
  return arn.endsWith(':*') ? `${arn.slice(0, -2)}:log-stream:stream` : arn;
}
