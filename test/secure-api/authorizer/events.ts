export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';
export const API_ID = 'abc123def4';
export const STAGE = 'prod';
export const STAGE_PREFIX = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}/${STAGE}`;

export const VALID_FROM = 'May 28 12:30:02 2019 GMT';
export const VALID_UNTIL = 'Aug  5 09:36:04 2099 GMT';

export interface RequestOptions {
  readonly subjectDN?: string;
  readonly serialNumber?: string;
  readonly notBefore?: string;
  readonly notAfter?: string;
  readonly method?: string;
  /** The request path, e.g. `/findings/org-1`. */
  readonly path?: string;
  /** The resource template, e.g. `/findings/{orgId}`. */
  readonly resource?: string;
  readonly withoutCertificate?: boolean;
}

/** An API Gateway REST REQUEST authorizer event for a call over mTLS. */
export function requestEvent(options: RequestOptions = {}): Record<string, unknown> {
  const method = options.method ?? 'GET';
  const path = options.path ?? '/findings/org-1';
  const clientCert = {
    clientCertPem: '-----BEGIN CERTIFICATE-----\nMIIBnotARealCertificate\n-----END CERTIFICATE-----\n',
    subjectDN: options.subjectDN ?? 'CN=scanner-7.example.com,OU=scanners,O=Example Corp,C=US',
    issuerDN: 'CN=Example Private CA,O=Example Corp,C=US',
    serialNumber: options.serialNumber ?? '4a:9f:0c:33:12',
    validity: { notBefore: options.notBefore ?? VALID_FROM, notAfter: options.notAfter ?? VALID_UNTIL },
  };
  return {
    type: 'REQUEST',
    methodArn: `${STAGE_PREFIX}/${method}${path}`,
    resource: options.resource ?? '/findings/{orgId}',
    path,
    httpMethod: method,
    headers: { Host: 'api.example.com' },
    queryStringParameters: {},
    pathParameters: {},
    stageVariables: {},
    requestContext: {
      accountId: ACCOUNT,
      apiId: API_ID,
      stage: STAGE,
      httpMethod: method,
      path: `/${STAGE}${path}`,
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      resourcePath: options.resource ?? '/findings/{orgId}',
      identity: { sourceIp: '203.0.113.10', ...(options.withoutCertificate ? {} : { clientCert }) },
    },
  };
}

export function arn(method: string, path: string): string {
  return `${STAGE_PREFIX}/${method}${path}`;
}
