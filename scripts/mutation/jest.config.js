// The unit tests alone, for mutation testing: pure logic, no Redis or database to start.
// MUTATION_TESTS narrows them to globs, comma-separated (`!` excludes): a lib's own fast specs,
// for a run a lib at a time. Specs that load a heavy module graph cost seconds a mutant.
const { projects } = require('../../jest.config.js');

const unit = projects.find((project) => project.displayName === 'unit');
module.exports = {
  ...unit,
  rootDir: require('node:path').join(__dirname, '../..'),
  // MUTATION_LIGHT_LOGS=1: @app/logs resolves to the record vocabulary alone (logs-barrel.ts).
  ...(process.env.MUTATION_LIGHT_LOGS ? { moduleNameMapper: { '^@app/logs$': '<rootDir>/scripts/mutation/logs-barrel.ts', ...unit.moduleNameMapper } } : {}),
  ...(process.env.MUTATION_TESTS ? { testMatch: process.env.MUTATION_TESTS.split(',').map((glob) => (glob.startsWith('!') ? `!<rootDir>/${glob.slice(1)}` : `<rootDir>/${glob}`)) } : {}),
};
