import { IConstruct } from 'constructs';
import { EventFilter } from './event-filter';

/**
 * A trail that records the data events of the resources registered with it. Constructs that
 * hold or touch data take one (e.g. as an `auditTrail` prop) and register themselves.
 */
export interface IAuditTrail extends IConstruct {
  /**
   * Records the data events of tables (`EncryptedTable`, any DynamoDB table), functions
   * (`ScopedFunction`, any `lambda.IFunction`: invocations) and buckets (any `s3.IBucket`:
   * object-level events), through the trail's default filter. Anything else fails synthesis.
   *
   * @param resources the tables, functions and buckets to record
   */
  addDataEvents(...resources: IConstruct[]): void;
}

/**
 * How one resource's data events are recorded.
 */
export interface DataEventOptions {
  /**
   * Which data events to record.
   *
   * @default - the trail's `dataEventFilter`
   */
  readonly filter?: EventFilter;
}
