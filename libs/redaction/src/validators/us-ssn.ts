/**
 * A US Social Security number written AAA-GG-SSSS (or with spaces): area not 000, 666 or
 * 900-999; group not 00; serial not 0000; and not one of the numbers known from advertising.
 */
export function isUsSsn(candidate: string): boolean {
  const match = /^(\d{3})[- ](\d{2})[- ](\d{4})$/.exec(candidate);
  if (!match) return false;
  const [, area, group, serial] = match;
  if (area === '000' || area === '666' || area[0] === '9') return false;
  if (group === '00' || serial === '0000') return false;
  return !['078-05-1120', '219-09-9999'].includes(`${area}-${group}-${serial}`);
}
