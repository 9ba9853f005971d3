import { IConstruct } from 'constructs';
import { acknowledgeFinding } from '../private/acknowledge';

/** One finding to acknowledge, why, and for how long. */
export interface FindingAcknowledgement {
  /**
   * The finding id as the pack reports it, with its granular part when it has one, e.g.
   * `AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*]` or `SecureServerless-ApiGwMethodAuthorization`.
   */
  readonly id: string;
  /** Why the finding is acceptable here: what a reviewer reads in the gate's report. */
  readonly reason: string;
  /**
   * The last day (UTC, `YYYY-MM-DD`) the acknowledgement hides its finding. After it, the
   * compliance gate reports the finding again as an error with this reason and date, and
   * synthesis warns.
   * @default - the acknowledgement does not expire
   */
  readonly expires?: string;
  /**
   * The ticket that tracks the fix or the review, e.g. `SEC-123`; the gate's report lists it.
   * @default - none
   */
  readonly ticket?: string;
}

/**
 * Acknowledgements of validation findings (cdk-nag v3 packs and SecureServerlessChecks) with an
 * optional expiry date and ticket. It records what `Validations.of(scope).acknowledge()` records,
 * so cdk-nag honours it in the app, and also accepts the finding ids that `acknowledge()` rejects
 * (ids with more than one `::`, as most ids carrying an ARN have: cdk-nag issues 2351 and 2359).
 * The compliance gate reads the expiry and ticket from the cloud assembly.
 *
 * @example
 * declare const policy: iam.Policy;
 * Acknowledgements.of(policy).acknowledge({
 *   id: 'AwsSolutions-IAM5[Resource::arn:aws:s3:::reports/*]',
 *   reason: 'The report reader lists every report of the bucket',
 *   expires: '2027-03-31',
 *   ticket: 'SEC-123',
 * });
 */
export class Acknowledgements {
  /** The acknowledgements of a construct; they cover it and every construct below it. */
  public static of(scope: IConstruct): Acknowledgements {
    return new Acknowledgements(scope);
  }

  private constructor(private readonly scope: IConstruct) {}

  /**
   * Acknowledges findings on this construct and its descendants. Fails at once when a reason is
   * empty, an expiry is not a calendar day written `YYYY-MM-DD`, or a ticket is blank.
   */
  public acknowledge(...acknowledgements: FindingAcknowledgement[]): void {
    for (const ack of acknowledgements) {
      acknowledgeFinding(this.scope, ack.id, ack.reason, { expires: ack.expires, ticket: ack.ticket });
    }
  }
}
