import { IConstruct } from 'constructs';
import { InvalidPropError } from '../private/errors';

/** A parsed CIDR block. */
export interface Cidr {
  readonly text: string;
  readonly version: 4 | 6;
}

const IPV4_OCTET = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

/** Parses `a.b.c.d/n` or an IPv6 `x:y::z/n`; undefined when it is not a CIDR block. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0 || slash !== text.lastIndexOf('/')) {
    return undefined;
  }
  const address = text.slice(0, slash);
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) {
    return undefined;
  }
  const length = Number(prefix);
  if (isIpv4(address) && length <= 32) {
    return { text, version: 4 };
  }
  if (isIpv6(address) && length <= 128) {
    return { text, version: 6 };
  }
  return undefined;
}

function isIpv4(address: string): boolean {
  const octets = address.split('.');
  return octets.length === 4 && octets.every((octet) => IPV4_OCTET.test(octet));
}

function isIpv6(address: string): boolean {
  const halves = address.split('::');
  if (halves.length > 2) {
    return false;
  }
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (groups.some((part) => part.some((group) => !IPV6_GROUP.test(group)))) {
    return false;
  }
  const count = groups.reduce((sum, part) => sum + part.length, 0);
  return halves.length === 2 ? count < 8 : count === 8;
}

/** The CIDR blocks, or an error naming the first that does not parse. */
export function validCidrs(scope: IConstruct, cidrs: string[]): string[] {
  if (cidrs.length === 0) {
    throw new InvalidPropError('SecureApi.EmptySourceCidrs', scope, 'allowedSourceCidrs', 'the list is empty, which would deny every caller',
      'list at least one CIDR block, or leave the prop out to allow any source IP');
  }
  for (const cidr of cidrs) {
    if (!parseCidr(cidr)) {
      throw new InvalidPropError('SecureApi.InvalidSourceCidr', scope, 'allowedSourceCidrs', `'${cidr}' is not a CIDR block`,
        "write an IPv4 or IPv6 block with its prefix length, e.g. '203.0.113.0/24' or '2001:db8::/32'");
    }
  }
  return cidrs;
}
