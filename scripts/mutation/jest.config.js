// The unit tests alone, for mutation testing: pure logic, no Redis or database to start.
const { projects } = require('../../jest.config.js');

const unit = projects.find((project) => project.displayName === 'unit');
module.exports = { ...unit, rootDir: require('node:path').join(__dirname, '../..') };
