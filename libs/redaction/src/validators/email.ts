// Top-level domains that appear after an `@` in logs without being email domains.
const NON_EMAIL_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'js', 'ts', 'css', 'map', 'json', 'lock', 'local']);

/**
 * An email address whose domain is plausible: dot-separated labels of letters, digits and inner
 * hyphens, an alphabetic TLD of 2-63 letters that is not a file extension (`icon@2x.png`).
 */
export function isEmailAddress(candidate: string): boolean {
  const at = candidate.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const local = candidate.slice(0, at);
  const domain = candidate.slice(at + 1);
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253) return false;
  if (!labels.every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i.test(label))) return false;
  const tld = labels[labels.length - 1].toLowerCase();
  return /^[a-z]{2,63}$/.test(tld) && !NON_EMAIL_TLDS.has(tld);
}
