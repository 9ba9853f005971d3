import { escapeValue } from './dn-arbitraries';
import { IssuedCertificate } from '../../support/certificates';
import { KeyPair, Name, NameAttribute, newKeyPair, writeCertificate, WrittenCertificate } from '../../support/x509-writer';

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const API_ID = 'abc123def4';
export const STAGE = 'prod';
export const STAGE_PREFIX = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const VALID_FROM = new Date(Date.UTC(2019, 4, 28, 12, 30, 2));
export const VALID_UNTIL = new Date(Date.UTC(2099, 7, 5, 9, 36, 4));

/**
 * `name('C=US', 'O=Example Corp', ['OU=a', 'OU=b'], 'CN=x')`: a Name in DER order, each argument
 * one RDN (an array for a multi-valued one), each `TYPE=value` split at the first `=` with the
 * value taken literally (no escaping: it is written into the certificate as is).
 */
export function name(...rdns: (string | NameAttribute | readonly (string | NameAttribute)[])[]): Name {
  const attribute = (text: string | NameAttribute): NameAttribute => {
    if (typeof text !== 'string') return text;
    const equals = text.indexOf('=');
    return { type: text.slice(0, equals), value: text.slice(equals + 1) };
  };
  return rdns.map((rdn) => (Array.isArray(rdn) ? rdn.map(attribute) : [attribute(rdn as string | NameAttribute)]));
}

/** The CA the test API trusts (`CN=Example Private CA,O=Example Corp,C=US`) and a second one with its own DN. */
export const EXAMPLE_CA_DN = 'CN=Example Private CA,O=Example Corp,C=US';
export const EXAMPLE_CA = writeCertificate({ subject: name('C=US', 'O=Example Corp', 'CN=Example Private CA'), ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
export const PARTNER_CA = writeCertificate({ subject: name('O=Partner', 'CN=Partner CA'), ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
/** Copies the example CA's DN with another key: a second truststore CA minting look-alike certificates. */
export const LOOKALIKE_CA = writeCertificate({ subject: EXAMPLE_CA.subject, ca: true, notBefore: VALID_FROM, notAfter: VALID_UNTIL });
const CLIENT_KEYS: KeyPair = newKeyPair();

export const DEFAULT_SUBJECT = name('C=US', 'O=Example Corp', 'OU=scanners', 'CN=scanner-7.example.com');
export const DEFAULT_SERIAL = '4A9F0C3312';

export interface CertificateOptions {
  readonly subject?: Name;
  readonly issuer?: WrittenCertificate;
  readonly serialHex?: string;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
}

/** A client certificate written for the tests (see x509-writer.ts). */
export function clientCertificate(options: CertificateOptions = {}): WrittenCertificate {
  return writeCertificate({
    subject: options.subject ?? DEFAULT_SUBJECT,
    issuer: options.issuer ?? EXAMPLE_CA,
    serialHex: options.serialHex ?? DEFAULT_SERIAL,
    notBefore: options.notBefore ?? VALID_FROM,
    notAfter: options.notAfter ?? VALID_UNTIL,
  }, CLIENT_KEYS);
}

/** `requestContext.identity.clientCert` as API Gateway would describe the certificate. */
export interface ClientCertFields {
  clientCertPem: string;
  subjectDN: string;
  issuerDN: string;
  serialNumber: string;
  validity: { notBefore: string; notAfter: string };
}

/**
 * API Gateway's description of a certificate, rendered here independently of the code under
 * test: DNs in RFC 4514 form, most significant RDN last (as RFC 4514 section 2.1 orders them),
 * values escaped by `escapeValue`; the serial in lower-case hex pairs joined by `:`; times in
 * OpenSSL's `MMM DD HH:MM:SS YYYY GMT` form (the AWS example event's form).
 */
export function clientCertFields(certificate: WrittenCertificate): ClientCertFields {
  return {
    clientCertPem: certificate.pem,
    subjectDN: renderName(certificate.subject),
    issuerDN: renderName(certificate.issuer),
    serialNumber: serialText(certificate.serialHex),
    validity: { notBefore: opensslTime(certificate.notBefore), notAfter: opensslTime(certificate.notAfter) },
  };
}

export function renderName(rdns: Name): string {
  return [...rdns].reverse().map((rdn) => rdn.map(({ type, value }) => `${type}=${escapeValue(value)}`).join('+')).join(',');
}

export function serialText(hex: string): string {
  const even = hex.length % 2 === 0 ? hex : `0${hex}`;
  return even.toLowerCase().match(/../g)!.join(':');
}

export function opensslTime(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const clock = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  return `${MONTHS[date.getUTCMonth()]} ${day} ${clock} ${date.getUTCFullYear()} GMT`;
}

export interface RequestOptions extends CertificateOptions {
  /** The certificate to present; else one is written from the certificate options. */
  readonly certificate?: WrittenCertificate;
  /** Overrides of API Gateway's fields, for events where they disagree with the certificate. */
  readonly fields?: Partial<ClientCertFields>;
  readonly method?: string;
  /** The request path, e.g. `/findings/org-1`. */
  readonly path?: string;
  /** The resource template, e.g. `/findings/{orgId}`. */
  readonly resource?: string;
  readonly withoutCertificate?: boolean;
}

/** What varies between REQUEST authorizer events: the request, its route, and the client certificate. */
export interface EventShape {
  readonly method: string;
  /** The request path, e.g. `/findings/org-1`. */
  readonly path: string;
  /** The resource template API Gateway resolved, e.g. `/findings/{orgId}`. */
  readonly resource: string;
  readonly requestId: string;
  readonly resourceId?: string;
  readonly clientCert?: ClientCertFields;
}

/**
 * The input of a REST API's REQUEST authorizer over mTLS, as the AWS page "Input to an API
 * Gateway Lambda authorizer" shows it; the one home of that shape for the events and the model.
 */
export function authorizerEvent(shape: EventShape): Record<string, any> {
  return {
    type: 'REQUEST',
    methodArn: `${STAGE_PREFIX}/${shape.method}${shape.path}`,
    resource: shape.resource,
    path: shape.path,
    httpMethod: shape.method,
    headers: { Host: 'api.example.com' },
    queryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      stage: STAGE,
      httpMethod: shape.method,
      path: `/${STAGE}${shape.path}`,
      requestId: shape.requestId,
      ...(shape.resourceId === undefined ? {} : { resourceId: shape.resourceId }),
      resourcePath: shape.resource,
      identity: { sourceIp: '203.0.113.10', ...(shape.clientCert ? { clientCert: shape.clientCert } : {}) },
    },
  };
}

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

/** An API Gateway REST REQUEST authorizer event for a call over mTLS. */
export function requestEvent(options: RequestOptions = {}): Record<string, any> {
  const certificate = options.withoutCertificate ? undefined : options.certificate ?? clientCertificate(options);
  return authorizerEvent({
    method: options.method ?? 'GET',
    path: options.path ?? '/findings/org-1',
    resource: options.resource ?? '/findings/{orgId}',
    requestId: REQUEST_ID,
    clientCert: certificate ? { ...clientCertFields(certificate), ...options.fields } : undefined,
  });
}

/** `requestContext.identity.clientCert` of a certificate API Gateway's fields describe (openssl's, the model's). */
export function describedClientCert(certificate: IssuedCertificate): ClientCertFields {
  return {
    clientCertPem: certificate.clientCertPem,
    subjectDN: certificate.subjectDN,
    issuerDN: certificate.issuerDN,
    serialNumber: certificate.serialNumber,
    validity: { notBefore: certificate.notBefore, notAfter: certificate.notAfter },
  };
}

/** A `GET /findings/org-1` request over mTLS with an openssl-issued certificate, as API Gateway describes it. */
export function eventForIssued(certificate: IssuedCertificate): Record<string, any> {
  return authorizerEvent({
    method: 'GET', path: '/findings/org-1', resource: '/findings/{orgId}', requestId: REQUEST_ID, clientCert: describedClientCert(certificate),
  });
}

export function arn(method: string, path: string): string {
  return `${STAGE_PREFIX}/${method}${path}`;
}
