/** A JSON Web Token: three base64url parts whose header decodes to a JSON object naming its `alg`. */
export function isJwt(candidate: string): boolean {
  const parts = candidate.split('.');
  if (parts.length !== 3) return false;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as unknown;
    if (header === null || typeof header !== 'object' || typeof (header as { alg?: unknown }).alg !== 'string') return false;
    // An unsecured token (alg "none") has an empty signature; any other needs one.
    return (header as { alg: string }).alg === 'none' || parts[2].length > 0;
  } catch {
    return false;
  }
}
