import { evictionWarning, maxmemoryPolicy } from './redis-eviction-check';

const info = (policy: string) => `# Memory\r\nused_memory:1024\r\nmaxmemory:0\r\nmaxmemory_policy:${policy}\r\n# Stats\r\n`;

describe('Redis eviction check', () => {
  it('reads the policy from INFO', () => {
    expect(maxmemoryPolicy(info('allkeys-lru'))).toBe('allkeys-lru');
    expect(maxmemoryPolicy('# Server\r\n')).toBeUndefined();
  });

  it('warns for any policy but noeviction', () => {
    expect(evictionWarning(info('noeviction'))).toBeUndefined();
    expect(evictionWarning(info('volatile-lru'))).toMatch(/maxmemory-policy is volatile-lru.*Set maxmemory-policy noeviction/);
    expect(evictionWarning('')).toBeUndefined();
  });
});
