const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// API Gateway's format, OpenSSL style: `May 28 12:30:02 2019 GMT`, `Aug  5 09:36:04 2021 GMT`.
const OPENSSL_TIME = /^([A-Z][a-z]{2}) {1,2}(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z$/;

/**
 * Milliseconds since the epoch of a certificate validity bound, or `NaN` when it is not in one of
 * the two formats we accept. Strict on purpose: a date we can't read is a deny.
 */
export function parseCertificateTime(text: string): number {
  const openssl = OPENSSL_TIME.exec(text);
  if (openssl) {
    const month = MONTHS.indexOf(openssl[1]);
    return month < 0 ? NaN : utc(+openssl[6], month, +openssl[2], +openssl[3], +openssl[4], +openssl[5]);
  }
  const iso = ISO_TIME.exec(text);
  if (iso) {
    return utc(+iso[1], +iso[2] - 1, +iso[3], +iso[4], +iso[5], +iso[6]);
  }
  return NaN;
}

function utc(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  if (month < 0 || month > 11 || day < 1 || hour > 23 || minute > 59 || second > 60) {
    return NaN;
  }
  const time = Date.UTC(year, month, day, hour, minute, Math.min(second, 59));
  // Date.UTC rolls 31 Feb over into March; a rolled-over date is not a real date.
  return new Date(time).getUTCDate() === day ? time : NaN;
}
