// Top-level domains that appear after an `@` in logs without being email domains.
const NON_EMAIL_TLDS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'js', 'ts', 'css', 'map', 'json', 'lock', 'local']);

/**
 * An email address whose domain is plausible: dot-separated labels of letters (any script),
 * digits and inner hyphens, a top-level domain of 2-63 letters or its punycode (`xn--p1ai`)
 * that is not a file extension (`icon@2x.png`). The local part may be quoted (`"j doe"@x.org`).
 */
export function isEmailAddress(candidate: string): boolean {
  const at = candidate.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  const local = candidate.slice(0, at);
  const domain = candidate.slice(at + 1);
  const quoted = local.length > 2 && local.startsWith('"') && local.endsWith('"');
  if (!quoted && (local.startsWith('.') || local.endsWith('.') || local.includes('..'))) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253) return false;
  if (!labels.every((label) => /^[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u.test(label))) return false;
  const tld = labels[labels.length - 1].toLowerCase();
  return (/^\p{L}{2,63}$/u.test(tld) || /^xn--[a-z0-9-]{2,59}$/.test(tld)) && !NON_EMAIL_TLDS.has(tld);
}
