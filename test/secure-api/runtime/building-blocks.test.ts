import { generateKeyPairSync } from 'node:crypto';
import * as fc from 'fast-check';
import { formatRoute, isResourcePath, parseRoute } from '../../../src/secure-api/mapping-format';
import { BoundedTtlCache } from '../../../src/secure-api/runtime/bounded-ttl-cache';
import { parseCertificateTime } from '../../../src/secure-api/runtime/certificate-time';
import { readConfiguration } from '../../../src/secure-api/runtime/configuration';
import { decodeMappingItem } from '../../../src/secure-api/runtime/mapping-item';
import { parseMethodArn } from '../../../src/secure-api/runtime/method-arn';
import { wildcardMatch } from '../../../src/secure-api/runtime/wildcard-match';

describe('routes (mapping-format)', () => {
  test.each([
    ['GET /findings/{orgId}', { method: 'GET', path: '/findings/{orgId}' }],
    ['ANY /', { method: 'ANY', path: '/' }],
    ['POST /a/b:c/{proxy+}', { method: 'POST', path: '/a/b:c/{proxy+}' }],
  ])('parses %s', (text, route) => {
    expect(parseRoute(text)).toEqual(route);
    expect(formatRoute(route)).toBe(text);
  });

  test.each([
    'GET', 'get /x', 'GET x', 'GET /x/', 'GET //x', 'GET /x*', 'GET /*', 'GET /{a+}/b', 'GET /x?y', 'GET  /x',
    'TRACE /x', 'GET /{}', 'GET /{1a}', 'GET /a b', `GET /${'a'.repeat(1100)}`,
  ])('rejects %j', (text) => {
    expect(parseRoute(text)).toBeUndefined();
  });

  test('a valid path never contains an IAM wildcard', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 30 }), (path) => {
      if (isResourcePath(path)) {
        expect(path).not.toMatch(/[*?\s]/);
      }
    }), { numRuns: 2000 });
  });
});

describe('parseCertificateTime', () => {
  test.each([
    ['May 28 12:30:02 2019 GMT', Date.UTC(2019, 4, 28, 12, 30, 2)],
    ['Aug  5 09:36:04 2021 GMT', Date.UTC(2021, 7, 5, 9, 36, 4)],
    ['2030-01-02T03:04:05Z', Date.UTC(2030, 0, 2, 3, 4, 5)],
    ['2030-01-02T03:04:05.123Z', Date.UTC(2030, 0, 2, 3, 4, 5)],
  ])('%s', (text, time) => {
    expect(parseCertificateTime(text)).toBe(time);
  });

  test.each(['Feb 30 00:00:00 2020 GMT', 'Foo  1 00:00:00 2020 GMT', 'May 28 12:30:02 2019 UTC', 'May 28 24:00:00 2019 GMT', '2030-01-02', '', '1700000000'])(
    'rejects %j', (text) => {
      expect(parseCertificateTime(text)).toBeNaN();
    });
});

describe('parseMethodArn', () => {
  test('splits off the stage prefix', () => {
    expect(parseMethodArn('arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/findings/1')).toEqual({
      arn: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/findings/1',
      stagePrefix: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod',
      method: 'GET',
    });
  });

  test.each([
    'arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/*/findings',
    'arn:aws:execute-api:eu-west-1:123456789012:abc123/*/GET/findings',
    'arn:aws:lambda:eu-west-1:123456789012:function:x',
    'arn:aws:execute-api:eu-west-1:12345:abc123/prod/GET/',
    `arn:aws:execute-api:eu-west-1:123456789012:abc123/prod/GET/${'a'.repeat(3000)}`,
  ])('rejects %s', (arn) => {
    expect(parseMethodArn(arn)).toBeUndefined();
  });
});

describe('wildcardMatch', () => {
  test.each([
    ['a/*', 'a/b/c', true],
    ['GET/findings/*', 'GET/findings/', true],
    ['GET/findings/*', 'POST/findings/1', false],
    ['GET/', 'GET/', true],
    ['GET/', 'GET/x', false],
    ['*a*b', 'xxaxxb', true],
    ['*a*b', 'xxaxxbc', false],
  ])('%s vs %s', (pattern, text, matches) => {
    expect(wildcardMatch(pattern, text)).toBe(matches);
  });

  test('agrees with a regular expression on random input', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', '/', '*'), maxLength: 12 });
    fc.assert(fc.property(text, text, (pattern, subject) => {
      const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[/]/g, '\\/')).join('.*')}$`, 's');
      expect(wildcardMatch(pattern, subject)).toBe(regex.test(subject));
    }), { numRuns: 2000 });
  });
});

describe('BoundedTtlCache', () => {
  test('entries expire after the TTL', () => {
    const cache = new BoundedTtlCache<string>(10, 1000);
    cache.set('a', 'A', 0);
    expect(cache.get('a', 999)).toBe('A');
    expect(cache.get('a', 1000)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  test('never holds more than maxEntries, evicting the oldest first', () => {
    const cache = new BoundedTtlCache<number>(3, 60_000);
    for (let i = 0; i < 10_000; i++) {
      cache.set(`ou-${i}`, i, i);
      expect(cache.size).toBeLessThanOrEqual(3);
    }
    expect(cache.get('ou-9999', 10_000)).toBe(9999);
    expect(cache.get('ou-9996', 10_000)).toBeUndefined();
  });

  test('a zero TTL or size caches nothing', () => {
    const noTtl = new BoundedTtlCache<number>(3, 0);
    const noRoom = new BoundedTtlCache<number>(0, 1000);
    noTtl.set('a', 1, 0);
    noRoom.set('a', 1, 0);
    expect(noTtl.get('a', 0)).toBeUndefined();
    expect(noRoom.get('a', 0)).toBeUndefined();
  });
});

describe('readConfiguration', () => {
  /** What the authorizer reads from an environment naming only the mapping table `t`: the documented defaults. */
  const DEFAULTS = {
    mappingTableName: 't',
    mappingCacheTtlSeconds: 60,
    mappingNegativeCacheTtlSeconds: 5,
    mappingCacheMaxEntries: 1000,
    revocationTableName: undefined,
    revocationCacheTtlSeconds: 30,
    trustedIssuers: { names: new Set(), keys: [] },
    allowSeveralMappedOus: false,
    certificateRevocationLists: [],
    revocationListRefreshSeconds: 300,
  };

  test('defaults', () => {
    expect(readConfiguration({ MAPPING_TABLE_NAME: 't' })).toEqual(DEFAULTS);
  });

  test('trusted issuers: a JSON array of DNs and pinned keys, anything unreadable refuses everything (undefined)', () => {
    const read = (text: string) => readConfiguration({ TRUSTED_ISSUERS: text }).trustedIssuers;
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(read('["CN=A,O=B", "CN=C"]')?.names.size).toBe(2);
    expect(read('["CN=A, O=B"]')).toEqual(read('["O=B,CN=A"]'));
    expect(read(JSON.stringify(['CN=A', { publicKey: key }]))?.keys.map((pinned) => pinned.id)).toEqual([key]);
    for (const bad of ['CN=A', '{}', '[1]', '["not a dn"]', '[""]', JSON.stringify(Array(11).fill('CN=A')), '[',
      '[{"publicKey":"bm90IGEga2V5"}]', '[{"publicKey":1}]', '[{"key":"x"}]', JSON.stringify([{ publicKey: key + '!' }])]) {
      expect(read(bad)).toBeUndefined();
    }
  });

  test('several mapped OUs are allowed by the exact text true only', () => {
    expect(readConfiguration({ ALLOW_SEVERAL_MAPPED_OUS: 'true' }).allowSeveralMappedOus).toBe(true);
    for (const value of ['TRUE', '1', 'yes', ' true', '']) {
      expect(readConfiguration({ ALLOW_SEVERAL_MAPPED_OUS: value }).allowSeveralMappedOus).toBe(false);
    }
  });

  test('reads the construct\'s variables and ignores nonsense', () => {
    expect(readConfiguration({ MAPPING_TABLE_NAME: 't', MAPPING_CACHE_TTL_SECONDS: '2', MAPPING_CACHE_MAX_ENTRIES: '50' }))
      .toEqual({ ...DEFAULTS, mappingCacheTtlSeconds: 2, mappingNegativeCacheTtlSeconds: 2, mappingCacheMaxEntries: 50 });
    expect(readConfiguration({ MAPPING_TABLE_NAME: ' ', MAPPING_CACHE_TTL_SECONDS: '-1', MAPPING_CACHE_MAX_ENTRIES: '1e9' }))
      .toEqual({ ...DEFAULTS, mappingTableName: undefined });
  });
});

describe('decodeMappingItem', () => {
  const routes = { L: [{ S: 'GET /a' }] };

  test('a complete item', () => {
    expect(decodeMappingItem('x', {
      ou: { S: 'x' }, routes: { SS: ['GET /a/{id}', 'ANY /b'] }, orgId: { S: 'o' }, context: { M: { tier: { S: 'gold' } } }, note: { N: '1' },
    })).toEqual({
      kind: 'mapped',
      mapping: {
        ou: 'x',
        routes: [{ method: 'GET', path: '/a/{id}' }, { method: 'ANY', path: '/b' }],
        routeKeys: new Set(['GET /a/{id}', 'ANY /b']),
        orgId: 'o',
        context: { tier: 'gold' },
      },
    });
  });

  test('no item is unmapped', () => {
    expect(decodeMappingItem('x', undefined)).toEqual({ kind: 'unmapped' });
  });

  test.each([
    ['another key', { ou: { S: 'y' }, routes }],
    ['no routes', { ou: { S: 'x' } }],
    ['empty routes', { ou: { S: 'x' }, routes: { L: [] } }],
    ['a number route', { ou: { S: 'x' }, routes: { L: [{ N: '1' }] } }],
    ['routes as a string', { ou: { S: 'x' }, routes: { S: 'GET /a' } }],
    ['a wildcard route', { ou: { S: 'x' }, routes: { L: [{ S: 'GET /*' }] } }],
    ['too many routes', { ou: { S: 'x' }, routes: { L: Array.from({ length: 101 }, (_, i) => ({ S: `GET /r${i}` })) } }],
    ['a numeric orgId', { ou: { S: 'x' }, routes, orgId: { N: '7' } }],
    ['an orgId with a newline', { ou: { S: 'x' }, routes, orgId: { S: 'a\nb' } }],
    ['a reserved context key', { ou: { S: 'x' }, routes, context: { M: { certificateSerial: { S: 'forged' } } } }],
    ['a context key with odd characters', { ou: { S: 'x' }, routes, context: { M: { 'a-b': { S: 'v' } } } }],
    ['a non-string context value', { ou: { S: 'x' }, routes, context: { M: { a: { BOOL: true } } } }],
    ['a context that is a list', { ou: { S: 'x' }, routes, context: { L: [] } }],
    ['garbage attribute values', { ou: { S: 'x' }, routes: null, context: 42 }],
    ['issuers that are no DN', { ou: { S: 'x' }, routes, issuers: { L: [{ S: 'not a dn' }] } }],
    ['an empty issuers list', { ou: { S: 'x' }, routes, issuers: { L: [] } }],
    ['issuers as a string', { ou: { S: 'x' }, routes, issuers: { S: 'CN=A' } }],
  ])('%s is malformed', (_, item) => {
    expect(decodeMappingItem('x', item as never)).toEqual({ kind: 'malformed' });
  });
});
