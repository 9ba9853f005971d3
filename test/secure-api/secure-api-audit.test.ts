import { Template } from 'aws-cdk-lib/assertions';
import { fixture, referenceApi } from './fixtures';
import { MODES } from './modes';
import { AuditTrail } from '../../src/audit-trail';
import { SecureServerlessChecks } from '../../src/nag';
import { ApiAuthorization, TrustedIssuer } from '../../src/secure-api';
import { nagFindings } from '../support/nag';

describe('SecureApi.addDataEventsTo', () => {
  test('registers the routes, the authorizer, the mapping writer and the mapping table in one call', () => {
    const { stack, keys, api } = referenceApi({
      authorization: ApiAuthorization.certificateOu({ trustedIssuers: [TrustedIssuer.fromDistinguishedName('CN=Example Private CA,O=Example Corp,C=US')], mappings: [{ ou: 'scanners', routes: ['POST /findings'] }] }),
    });
    const trail = new AuditTrail(stack, 'Audit', { keys });
    api.addDataEventsTo(trail);

    const selectors = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'));
    for (const part of ['Ingest', 'Query', 'ApiCertificateOuAuthorizerFunction', 'ApiCertificateOuMappingSeedWriter']) {
      expect(selectors).toMatch(new RegExp(`"Fn::GetAtt":\\["${part}[0-9A-F]{8}","Arn"\\]`));
    }
    expect(selectors).toMatch(/"Fn::GetAtt":\["ApiCertificateOuOuMapping[0-9A-F]{8}","Arn"\]/);

    const dataEventFindings = nagFindings(stack, [new SecureServerlessChecks()])
      .filter((finding) => finding.rule.endsWith('DataEvents') && finding.path.startsWith('Test/Api/'));
    expect(dataEventFindings).toEqual([]);
  });
});

describe('invoke permissions', () => {
  test('every API Gateway invoke permission names this account besides its exact source ARN', () => {
    const { stack } = referenceApi();
    const permissions = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Permission'));
    expect(permissions.length).toBeGreaterThanOrEqual(3);
    for (const permission of permissions) {
      expect(permission.Properties).toEqual(expect.objectContaining({
        Principal: 'apigateway.amazonaws.com',
        SourceAccount: '111111111111',
        SourceArn: expect.anything(),
      }));
    }
  });
});

test("a user's own Lambda authorizer, held outside the API, gets the account pinned too", () => {
  const f = fixture();
  MODES.lambda(f);
  const permissions = Object.entries(Template.fromStack(f.stack).findResources('AWS::Lambda::Permission'));
  const authorizerPermissions = permissions.filter(([id]) => id.startsWith('OwnAuthorizer'));
  expect(authorizerPermissions).toHaveLength(1);
  expect(authorizerPermissions[0][1].Properties.SourceAccount).toEqual('111111111111');
});

test('trail.addDataEvents(api) registers the same parts as api.addDataEventsTo(trail)', () => {
  const { stack, keys, api } = referenceApi();
  const trail = new AuditTrail(stack, 'Audit', { keys });
  trail.addDataEvents(api);
  const selectors = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudTrail::Trail'));
  for (const part of ['Ingest', 'Query', 'ApiCertificateOuAuthorizerFunction', 'ApiCertificateOuOuMapping']) {
    expect(selectors).toMatch(new RegExp(`"Fn::GetAtt":\\["${part}[0-9A-F]{8}","Arn"\\]`));
  }
});
