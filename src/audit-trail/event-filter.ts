/**
 * Which events of a kind a trail records: all of them, only reads or only writes.
 */
export class EventFilter {
  /** Reads and writes. */
  public static readonly ALL = new EventFilter('all');

  /** Reads only (`readOnly` is `true`), e.g. `GetItem`, `GetObject`. */
  public static readonly READ_ONLY = new EventFilter('read-only');

  /** Writes only (`readOnly` is `false`), e.g. `PutItem`, `Invoke`, `PutObject`. */
  public static readonly WRITE_ONLY = new EventFilter('write-only');

  /**
   * @param name the filter's name, as it appears in the selector's name
   */
  private constructor(public readonly name: string) {}
}
