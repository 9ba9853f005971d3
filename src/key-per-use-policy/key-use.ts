import { InvalidPropError } from '../private/errors';

/**
 * What a customer-managed key protects. One key serves every resource of the same use, so a
 * stack with fifty tables still has one DATA key.
 */
export class KeyUse {
  /** Data at rest: DynamoDB tables, S3 buckets, file systems. */
  public static readonly DATA = new KeyUse('data');

  /** Data in flight between services: SQS queues (dead-letter queues too), SNS topics, Kinesis streams. */
  public static readonly MESSAGING = new KeyUse('messaging');

  /** Evidence: CloudTrail trails and CloudWatch Logs log groups. */
  public static readonly AUDIT = new KeyUse('audit');

  /**
   * A custom use, e.g. `KeyUse.of('payments')`.
   *
   * @param name lower-case letters, digits and hyphens, 1 to 32 characters, starting with a letter
   */
  public static of(name: string): KeyUse {
    if (!/^[a-z][a-z0-9-]{0,31}$/.test(name)) {
      throw new InvalidPropError('KeyUse.InvalidName', undefined, `KeyUse.of('${name}')`,
        "a key use name must be 1 to 32 lower-case letters, digits or hyphens, starting with a letter (it becomes part of the key's alias)",
        "pick a name such as 'payments'");
    }
    return new KeyUse(name);
  }

  /**
   * @param name the use's name, as it appears in the key's alias and SSM parameter
   */
  private constructor(public readonly name: string) {}
}
