import { parseCertificateTime } from './certificate-time';
import { DecisionReason } from './decision-reason';
import { objectField, stringField } from './event-fields';
import { organizationalUnits } from './organizational-units';
import { parseCertificatePem, ParsedCertificate } from './parsed-certificate';
import { canonicalAttributes, parseDistinguishedName } from '../distinguished-name';
import { MAX_SERIAL_NUMBER_LENGTH, normalizeSerialNumber } from '../revocation-format';

/**
 * The mTLS client certificate of a request: decided on as read from its own bytes, with API
 * Gateway's fields kept (they are the revocation key and what operators see in the log) once they
 * are shown to describe the same certificate.
 */
export interface ClientCertificate {
  /** API Gateway's `subjectDN`, for the log. */
  readonly subjectDn: string;
  /** API Gateway's `issuerDN`: with the serial, the revocation table's key of items written before the canonical key (revocation-format.ts). */
  readonly issuerDn: string;
  /** API Gateway's `serialNumber`, passed to the integrations as given. */
  readonly serialNumber: string;
  /** The distinct OUs of the certificate's subject, in certificate order. */
  readonly ous: readonly string[];
  readonly parsed: ParsedCertificate;
}

/** Which of API Gateway's fields disagreed with the certificate. */
export type MismatchedField = 'subjectDN' | 'issuerDN' | 'serialNumber' | 'validity';

export type CertificateCheck =
  | { readonly ok: true; readonly certificate: ClientCertificate }
  | {
    readonly ok: false;
    readonly reason: DecisionReason;
    readonly partial: Partial<Pick<ClientCertificate, 'subjectDn' | 'issuerDn' | 'serialNumber'>>;
    readonly mismatch?: MismatchedField;
  };

const SERIAL_NUMBER = new RegExp(`^[0-9A-Za-z:-]{1,${MAX_SERIAL_NUMBER_LENGTH}}$`);
/** A DN longer than this is no certificate's: refused rather than parsed. */
const MAX_DN_LENGTH = 8192;

/**
 * Reads `requestContext.identity.clientCert`: the certificate from `clientCertPem`, which must
 * parse and agree with API Gateway's `subjectDN`, `issuerDN`, `serialNumber` and `validity`
 * (compared by meaning: DNs as attribute sets, serials as numbers, times as instants), and be
 * valid at `now`. API Gateway has already checked the chain against the truststore; this is
 * about what the decision reads.
 */
export function checkClientCertificate(event: unknown, now: number): CertificateCheck {
  const clientCert = objectField(objectField(objectField(event, 'requestContext'), 'identity'), 'clientCert');
  if (clientCert === undefined || clientCert === null) {
    return { ok: false, reason: 'missing-certificate', partial: {} };
  }
  const subjectDn = stringField(clientCert, 'subjectDN');
  const issuerDn = stringField(clientCert, 'issuerDN');
  const serial = stringField(clientCert, 'serialNumber');
  const serialNumber = serial !== undefined && SERIAL_NUMBER.test(serial) ? serial : undefined;
  const validity = objectField(clientCert, 'validity');
  const notBefore = parseTime(stringField(validity, 'notBefore'));
  const notAfter = parseTime(stringField(validity, 'notAfter'));
  const partial = { subjectDn, issuerDn, serialNumber };
  const pem = stringField(clientCert, 'clientCertPem');
  const certificate = pem === undefined ? undefined : parseCertificatePem(pem);
  if (subjectDn === undefined || issuerDn === undefined || serialNumber === undefined || !certificate) {
    return { ok: false, reason: 'malformed-certificate', partial };
  }
  const mismatch = mismatchedField(certificate, subjectDn, issuerDn, serialNumber, notBefore, notAfter);
  if (mismatch) {
    return { ok: false, reason: 'certificate-mismatch', partial, mismatch };
  }
  if (now < certificate.notBefore) {
    return { ok: false, reason: 'certificate-not-yet-valid', partial };
  }
  if (now > certificate.notAfter) {
    return { ok: false, reason: 'certificate-expired', partial };
  }
  const ous = organizationalUnits(certificate.ouValues);
  if (!ous.ok) {
    return { ok: false, reason: ous.reason, partial };
  }
  return { ok: true, certificate: { subjectDn, issuerDn, serialNumber, ous: ous.ous, parsed: certificate } };
}

function mismatchedField(certificate: ParsedCertificate, subjectDn: string, issuerDn: string, serialNumber: string,
  notBefore: number, notAfter: number): MismatchedField | undefined {
  if (normalizeSerialNumber(serialNumber) !== certificate.serialNumber) {
    return 'serialNumber';
  }
  if (notBefore !== certificate.notBefore || notAfter !== certificate.notAfter) {
    return 'validity';
  }
  if (canonicalDn(issuerDn) !== certificate.canonicalIssuer) {
    return 'issuerDN';
  }
  if (canonicalDn(subjectDn) !== certificate.canonicalSubject) {
    return 'subjectDN';
  }
  return undefined;
}

/** API Gateway's rendering of a DN in canonical form; `undefined` when it is not an RFC 4514 DN. */
const canonicalDn = rememberingLast((dn: string): string | undefined => {
  const attributes = dn.length <= MAX_DN_LENGTH ? parseDistinguishedName(dn) : undefined;
  return attributes === undefined ? undefined : canonicalAttributes(attributes) ?? '';
}, 4);

const parseTime = rememberingLast((text: string | undefined) =>
  text === undefined || text.length > 64 ? NaN : parseCertificateTime(text), 4);

/** `f` with its last few answers kept: a client sends the same certificate each time. */
function rememberingLast<A, R>(f: (argument: A) => R, size: number): (argument: A) => R {
  const answers = new Map<A, R>();
  return (argument) => {
    if (answers.has(argument)) {
      return answers.get(argument)!;
    }
    const answer = f(argument);
    if (answers.size >= size) {
      answers.delete(answers.keys().next().value!);
    }
    answers.set(argument, answer);
    return answer;
  };
}
