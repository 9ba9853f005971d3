/**
 * Resolves a synthesized template's intrinsics to concrete strings, as if deployed to a fixed
 * account and region, so IAM policies can be handed to a policy simulator. Each resource gets
 * a deterministic physical name (its explicit name property, or its logical id).
 */
export const ACCOUNT = '111111111111';
export const REGION = 'us-east-1';
export const PARTITION = 'aws';

type Template = { Resources: Record<string, { Type: string; Properties?: any }> };

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': ACCOUNT,
  'AWS::Region': REGION,
  'AWS::Partition': PARTITION,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Stack',
  'AWS::NoValue': '',
};

const NAME_PROPERTY: Record<string, string> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::IAM::ManagedPolicy': 'ManagedPolicyName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Logs::LogGroup': 'LogGroupName',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::SNS::Topic': 'TopicName',
};

export class CfnResolver {
  constructor(private readonly template: Template) {}

  /** The physical name of a resource. */
  public nameOf(logicalId: string): string {
    const resource = this.resource(logicalId);
    const property = NAME_PROPERTY[resource.Type];
    const explicit = property ? resource.Properties?.[property] : undefined;
    return typeof explicit === 'string' ? explicit : logicalId.toLowerCase();
  }

  /** What `Ref` gives for a resource. */
  public ref(logicalId: string): string {
    if (PSEUDO[logicalId] !== undefined) {
      return PSEUDO[logicalId];
    }
    const resource = this.resource(logicalId);
    switch (resource.Type) {
      case 'AWS::SQS::Queue': return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${this.nameOf(logicalId)}`;
      case 'AWS::SNS::Topic': return this.getAtt(logicalId, 'TopicArn');
      case 'AWS::IAM::ManagedPolicy': return `arn:${PARTITION}:iam::${ACCOUNT}:policy/${this.nameOf(logicalId)}`;
      case 'AWS::KMS::Key': return this.keyId(logicalId);
      default: return this.nameOf(logicalId);
    }
  }

  /** What `Fn::GetAtt` gives for a resource attribute. */
  public getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const name = this.nameOf(logicalId);
    const arn = (service: string, rest: string, region = REGION, account = ACCOUNT) =>
      `arn:${PARTITION}:${service}:${region}:${account}:${rest}`;
    switch (`${resource.Type}.${attribute}`) {
      case 'AWS::DynamoDB::Table.Arn': return arn('dynamodb', `table/${name}`);
      case 'AWS::DynamoDB::Table.StreamArn': return arn('dynamodb', `table/${name}/stream/2026-01-01T00:00:00.000`);
      case 'AWS::KMS::Key.Arn': return arn('kms', `key/${this.keyId(logicalId)}`);
      case 'AWS::KMS::Key.KeyId': return this.keyId(logicalId);
      case 'AWS::IAM::Role.Arn': return arn('iam', `role/${name}`, '');
      case 'AWS::IAM::Role.RoleId': return `AROA${logicalId.toUpperCase().slice(0, 16)}`;
      case 'AWS::Lambda::Function.Arn': return arn('lambda', `function:${name}`);
      case 'AWS::Logs::LogGroup.Arn': return arn('logs', `log-group:${name}:*`);
      case 'AWS::S3::Bucket.Arn': return `arn:${PARTITION}:s3:::${name}`;
      case 'AWS::SQS::Queue.Arn': return arn('sqs', name);
      case 'AWS::SQS::Queue.QueueName': return name;
      case 'AWS::SNS::Topic.TopicArn': return arn('sns', name);
      default: return arn('unknown', `${logicalId}/${attribute}`);
    }
  }

  /** Resolves every intrinsic in a value. */
  public resolve(value: any): any {
    if (Array.isArray(value)) {
      return value.map((item) => this.resolve(item));
    }
    if (value === null || typeof value !== 'object') {
      return value;
    }
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys;
      const arg = value[fn];
      switch (fn) {
        case 'Ref': return this.ref(arg);
        case 'Fn::GetAtt': {
          const [logicalId, attribute] = Array.isArray(arg) ? arg : String(arg).split('.');
          return this.getAtt(logicalId, attribute);
        }
        case 'Fn::Join': return this.resolve(arg[1]).join(arg[0]);
        case 'Fn::Select': return this.resolve(arg[1])[Number(this.resolve(arg[0]))];
        case 'Fn::Split': return String(this.resolve(arg[1])).split(arg[0]);
        case 'Fn::Sub': return this.sub(arg);
        case 'Fn::ImportValue': return `imported-${this.resolve(arg)}`;
        case 'Fn::If': return this.resolve(arg[1]);
      }
    }
    return Object.fromEntries(keys.map((key) => [key, this.resolve(value[key])]));
  }

  private sub(arg: any): string {
    const [text, vars] = Array.isArray(arg) ? [arg[0], this.resolve(arg[1] ?? {})] : [arg, {}];
    return String(text).replace(/\$\{([^}]+)\}/g, (_match: string, name: string) => {
      if (vars[name] !== undefined) return vars[name];
      if (name.includes('.')) {
        const [logicalId, attribute] = name.split('.');
        return this.getAtt(logicalId, attribute);
      }
      return this.ref(name);
    });
  }

  private keyId(logicalId: string): string {
    return `key-${logicalId.toLowerCase()}`;
  }

  private resource(logicalId: string) {
    const resource = this.template.Resources[logicalId];
    if (!resource) {
      throw new Error(`no resource ${logicalId} in the template`);
    }
    return resource;
  }
}
