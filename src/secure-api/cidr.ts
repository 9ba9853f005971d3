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
