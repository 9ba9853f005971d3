import { parseCidr } from '../../src/secure-api/cidr';
import { isJsonContentType } from '../../src/secure-api/integration';
import { validPath } from '../../src/secure-api/route-validation';
import { methodSettingPath } from '../../src/secure-api/stage-settings';
import { withCode } from '../support/failures';
import { testStack } from '../support/stacks';

describe('parseCidr', () => {
  test.each([
    ['203.0.113.0/24', 4], ['0.0.0.0/0', 4], ['255.255.255.255/32', 4],
    ['2001:db8::/32', 6], ['::/0', 6], ['fe80::1/128', 6], ['2001:db8:0:0:0:0:0:1/64', 6],
  ])('%s is an IPv%s block', (cidr, version) => {
    expect(parseCidr(cidr)).toEqual({ text: cidr, version });
  });

  test.each([
    '203.0.113.0', '203.0.113.0/33', '256.0.0.0/8', '01.2.3.4/8', '1.2.3/8', '1.2.3.4/', '1.2.3.4/24/1',
    '2001:db8::/129', '2001:db8:::/32', '2001::db8::1/64', '1:2:3:4:5:6:7:8:9/64', 'g::/16', 'example.com/24', '',
  ])('%p is not', (cidr) => {
    expect(parseCidr(cidr)).toBeUndefined();
  });
});

describe('validPath', () => {
  const scope = testStack();
  test.each([
    ['/', '/'], ['/findings', '/findings'], ['/findings/', '/findings'], ['/findings/{orgId}', '/findings/{orgId}'], ['/files/{proxy+}', '/files/{proxy+}'],
  ])('%s is the route %s', (path, expected) => {
    expect(validPath(scope, path)).toEqual(expected);
  });

  test.each([
    ['findings', 'SecureApi.RoutePathWithoutSlash'],
    ['/findings/{orgId', 'SecureApi.UnbalancedRoutePath'],
    ['/a/{proxy+}/b', 'SecureApi.InvalidRoutePath'],
    ['/a//b', 'SecureApi.InvalidRoutePath'],
    ['/a b', 'SecureApi.InvalidRoutePath'],
    ['/{}', 'SecureApi.InvalidRoutePath'],
  ])('%p is refused (%s)', (path, code) => {
    expect(() => validPath(scope, path)).toThrow(withCode(code));
  });
});

test('stage method settings escape each slash after the first', () => {
  expect(methodSettingPath('/')).toEqual('/');
  expect(methodSettingPath('/findings')).toEqual('/~1findings');
  expect(methodSettingPath('/findings/{orgId}')).toEqual('/~1findings~1{orgId}');
});

test.each([
  ['application/json', true], ['application/vnd.api+json', true], ['APPLICATION/JSON', true],
  ['text/plain', false], ['application/jsonp', false], ['application/x-www-form-urlencoded', false],
])('%s carries JSON: %s', (type, json) => {
  expect(isJsonContentType(type)).toBe(json);
});
