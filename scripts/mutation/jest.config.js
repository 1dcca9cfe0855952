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
  ...(process.env.MUTATION_TESTS ? narrowedTo(process.env.MUTATION_TESTS.split(',')) : {}),
};

/** Globs to testMatch, and `!` globs to testPathIgnorePatterns: Jest puts <rootDir> in a pattern only at its start, so `!<rootDir>/…` would exclude nothing. */
function narrowedTo(globs) {
  const asRegex = (glob) => `/${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*\//g, '\0').replace(/\*/g, '[^/]*').replace(/\0/g, '(.*/)?')}$`;
  return {
    testMatch: globs.filter((glob) => !glob.startsWith('!')).map((glob) => `<rootDir>/${glob}`),
    testPathIgnorePatterns: [...(unit.testPathIgnorePatterns ?? ['/node_modules/']), ...globs.filter((glob) => glob.startsWith('!')).map((glob) => asRegex(glob.slice(1)))],
  };
}
