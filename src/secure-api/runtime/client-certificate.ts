import { parseCertificateTime } from './certificate-time';
import { DecisionReason } from './decision-reason';
import { objectField, stringField } from './event-fields';

/** The parts of the mTLS client certificate API Gateway puts in the event that we use. */
export interface ClientCertificate {
  readonly subjectDn: string;
  readonly issuerDn: string;
  readonly serialNumber: string;
}

export type CertificateCheck =
  | { readonly ok: true; readonly certificate: ClientCertificate }
  | { readonly ok: false; readonly reason: DecisionReason; readonly partial: Partial<ClientCertificate> };

const SERIAL_NUMBER = /^[0-9A-Za-z:-]{1,128}$/;
/** An issuer DN longer than this is no CA's: refused rather than looked up. */
const MAX_ISSUER_DN_LENGTH = 2048;

/** Reads `requestContext.identity.clientCert` and checks it is valid at `now`. */
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
  const notBefore = parseNotBefore(stringField(validity, 'notBefore'));
  const notAfter = parseNotAfter(stringField(validity, 'notAfter'));
  const partial = { subjectDn, issuerDn, serialNumber };
  if (subjectDn === undefined || issuerDn === undefined || issuerDn.length === 0 || issuerDn.length > MAX_ISSUER_DN_LENGTH ||
    serialNumber === undefined || Number.isNaN(notBefore) || Number.isNaN(notAfter)) {
    return { ok: false, reason: 'malformed-certificate', partial };
  }
  if (now < notBefore) {
    return { ok: false, reason: 'certificate-not-yet-valid', partial };
  }
  if (now > notAfter) {
    return { ok: false, reason: 'certificate-expired', partial };
  }
  return { ok: true, certificate: { subjectDn, issuerDn, serialNumber } };
}

const parseNotBefore = rememberingLastTime();
const parseNotAfter = rememberingLastTime();

/** A time parser that remembers its last answer: a client sends the same certificate each time. */
function rememberingLastTime(): (text: string | undefined) => number {
  let lastText: string | undefined;
  let lastTime = NaN;
  return (text) => {
    if (text === undefined) {
      return NaN;
    }
    if (text !== lastText) {
      lastTime = text.length > 64 ? NaN : parseCertificateTime(text);
      lastText = text;
    }
    return lastTime;
  };
}
