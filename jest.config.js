// Three kinds of test, told apart by name: *.spec.ts (unit, pure logic), *.int-spec.ts
// (real Redis and MongoDB-protocol server), *.e2e-spec.ts (the booted app over HTTP).
// NestJS 12 ships as ES modules, which Jest on Node 20 loads only in its ESM mode:
// scripts/test.sh runs Jest with --experimental-vm-modules.
const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: { '^@app/(.*)$': '<rootDir>/libs/$1/src' },
  setupFiles: ['<rootDir>/libs/testing/src/test-env.ts'],
  rootDir: __dirname,
};

module.exports = {
  // Waits in tests (waitFor, processedLog) give up after 10 s with a message naming what they
  // waited for: Jest's own 5 s default would cut them off first, saying nothing.
  testTimeout: 30_000,
  globalSetup: '<rootDir>/libs/testing/src/global-setup.mjs',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.mjs',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/{apps,libs}/**/*.e2e-spec.ts'] },
  ],
};
