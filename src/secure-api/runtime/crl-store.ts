import { createPublicKey } from 'node:crypto';
import { RevocationListSource } from '../crl-format';
import { canonicalName } from '../der-name';
import { DER_TAG, readWhole } from '../der-reader';
import { normalizeSerialNumber } from '../revocation-format';
import { crlDer, CrlError, CrlIssuer, VerifiedCrl, verifyCrl } from './certificate-revocation-list';
import { GetObjectBytes } from './s3-reader';
import { errorName, rejectWhenAborted } from './table-read';

/** A CRL can't be used right now (not fetched, unreadable, unverified or stale): refuse, cache nothing. */
export class RevocationListError extends Error {
  constructor(readonly causeName: string) {
    super('certificate revocation list unavailable');
    this.name = 'RevocationListError';
  }
}

export interface CrlStoreOptions {
  readonly sources: readonly RevocationListSource[];
  readonly getObject: GetObjectBytes;
  /** How long a fetched CRL is used before it must be fetched again: the authorizer's share of the revocation delay. */
  readonly refreshSeconds: number;
  /** Deadline of one fetch, retries included. */
  readonly fetchTimeoutMillis: number;
}

/**
 * A fetch is started in the background once this share of the refresh interval has passed, so
 * the requests meanwhile are answered from memory and, while S3 answers, none waits for it.
 */
const BACKGROUND_REFRESH_SHARE = 0.8;
/** After a failed fetch, requests are refused without asking S3 again for this long: a flood of requests is no flood of GetObjects. */
export const FETCH_RETRY_MILLIS = 5000;
/** A CRL issued this far in the future is refused: the CA's clock or the CRL is wrong. */
const MAX_CLOCK_SKEW_MILLIS = 5 * 60_000;

/**
 * The certificate revocation lists the CAs publish in S3 (crl-format.ts). Each is fetched, its
 * signature verified with its CA's pinned key, and kept in memory for `refreshSeconds`; a fetch
 * starts in the background before that, and once the interval has passed the request waits for
 * it. A certificate is revoked when its serial is on a current CRL of its issuer. When the CRL of
 * a certificate's issuer can't be had or is stale (past its nextUpdate, or older than its maximum
 * age), `isRevoked` throws a {@link RevocationListError}: the request is refused, never allowed.
 * So a serial added to a CRL is refused at most `refreshSeconds` after the CA publishes it (plus
 * API Gateway's decision cache TTL).
 */
export class CrlStore {
  private readonly byIssuer = new Map<string, CrlSlot[]>();

  constructor(options: CrlStoreOptions) {
    for (const source of options.sources) {
      const slot = new CrlSlot(source, options);
      const slots = this.byIssuer.get(slot.issuer.name) ?? [];
      slots.push(slot);
      this.byIssuer.set(slot.issuer.name, slots);
    }
  }

  /** Starts fetching every CRL (at cold start, before the first request needs them). */
  prefetch(now: number): void {
    for (const slots of this.byIssuer.values()) {
      slots.forEach((slot) => slot.startFetch(now));
    }
  }

  /**
   * Whether the serial is on a current CRL of the issuer (a canonical DN); `false` when no CRL is
   * published for the issuer. Answered without a promise when the issuer's CRLs are in memory.
   */
  isRevoked(issuer: string, serialNumber: string, now: number): boolean | Promise<boolean> {
    const slots = this.byIssuer.get(issuer);
    if (slots === undefined) {
      return false;
    }
    const serial = normalizeSerialNumber(serialNumber);
    const answers = slots.map((slot) => slot.isRevoked(serial, now));
    if (answers.every((answer): answer is boolean => typeof answer === 'boolean')) {
      return answers.some((revoked) => revoked);
    }
    return Promise.all(answers).then((all) => all.some((revoked) => revoked));
  }
}

/** One CRL source and what is known of it. */
class CrlSlot {
  readonly issuer: CrlIssuer;
  private crl: VerifiedCrl | undefined;
  /** When the fetch that gave `crl` started. */
  private fetchedAt = -Infinity;
  private fetching: Promise<void> | undefined;
  private failure: { cause: string; at: number } | undefined;
  private readonly refreshMillis: number;
  private readonly maxAgeMillis: number;

  constructor(private readonly source: RevocationListSource, private readonly options: CrlStoreOptions) {
    this.issuer = {
      name: canonicalName(readWhole(Buffer.from(source.issuer, 'base64'), DER_TAG.SEQUENCE)),
      publicKey: createPublicKey({ key: Buffer.from(source.publicKey, 'base64'), format: 'der', type: 'spki' }),
    };
    this.refreshMillis = options.refreshSeconds * 1000;
    this.maxAgeMillis = source.maxAgeSeconds * 1000;
  }

  isRevoked(serial: string, now: number): boolean | Promise<boolean> {
    const crl = this.usable(now);
    if (crl) {
      if (now - this.fetchedAt >= this.refreshMillis * BACKGROUND_REFRESH_SHARE) {
        void this.startFetch(now); // its outcome is read by later requests
      }
      return crl.revokedSerials.has(serial);
    }
    return this.fetchThenAnswer(serial, now);
  }

  /** Starts a fetch unless one is running or the last failed too recently. */
  startFetch(now: number): Promise<void> | undefined {
    if (!this.fetching && !(this.failure && now - this.failure.at < FETCH_RETRY_MILLIS)) {
      this.fetching = this.fetch(now).finally(() => {
        this.fetching = undefined;
      });
    }
    return this.fetching;
  }

  private async fetchThenAnswer(serial: string, now: number): Promise<boolean> {
    await this.startFetch(now);
    const crl = this.usable(now);
    if (!crl) {
      throw new RevocationListError(this.failure?.cause ?? 'stale');
    }
    return crl.revokedSerials.has(serial);
  }

  /** The CRL in memory when it may still be used at `now`. */
  private usable(now: number): VerifiedCrl | undefined {
    const crl = this.crl;
    return crl !== undefined && now - this.fetchedAt < this.refreshMillis && current(crl, now, this.maxAgeMillis) ? crl : undefined;
  }

  private async fetch(startedAt: number): Promise<void> {
    try {
      const object = await this.read();
      const crl = verifyCrl(crlDer(object), this.issuer);
      if (crl.thisUpdate > startedAt + MAX_CLOCK_SKEW_MILLIS) {
        throw new CrlError('not-yet-valid');
      }
      if (!current(crl, startedAt, this.maxAgeMillis)) {
        throw new CrlError('stale');
      }
      if (this.crl && crl.thisUpdate < this.crl.thisUpdate) {
        // An older CRL put back in the bucket would bring revoked certificates back to life.
        throw new RevocationListError('older-than-cached');
      }
      this.crl = crl;
      this.fetchedAt = startedAt;
      this.failure = undefined;
    } catch (error) {
      this.failure = { cause: causeOf(error), at: startedAt };
    }
  }

  private async read(): Promise<Uint8Array> {
    const abortSignal = AbortSignal.timeout(this.options.fetchTimeoutMillis);
    return Promise.race([this.options.getObject(this.source.bucket, this.source.key, abortSignal), rejectWhenAborted(abortSignal)]);
  }
}

/** Within its validity: not past its nextUpdate, not older than the maximum age. */
function current(crl: VerifiedCrl, now: number, maxAgeMillis: number): boolean {
  return now <= crl.nextUpdate && now - crl.thisUpdate <= maxAgeMillis;
}

function causeOf(error: unknown): string {
  if (error instanceof CrlError) {
    return error.problem;
  }
  if (error instanceof RevocationListError) {
    return error.causeName;
  }
  return `fetch-failed:${errorName(error)}`;
}
