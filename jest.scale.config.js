// The scale tests: the June 2025 operation at its real size through the
// workflows (`npm run test:scale`), kept out of `npm test` so the suite stays
// minutes long. bench:june drives the same size through the API and prints figures.
const base = require('./jest.config');

const workflowLayer = base.projects.find((p) => p.displayName === 'workflow');

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 900_000,
  maxWorkers: 1,
  projects: [{ ...workflowLayer, displayName: 'scale', roots: ['<rootDir>/test/scale'] }],
};
