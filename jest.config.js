// The suite in layers, one Jest project each. `unit` is pure logic: no stack,
// no global set-up, safe to run on several workers (`npm run test:unit`).
// The stack layers share one Temporal dev server and one fresh PostgreSQL
// database per run: Jest runs a project's globalSetup only when a test of that
// project is selected, and the same module once however many projects name it,
// so one Jest starts the stack once and `npm run test:unit` never does.
// They share that stack, so a run holding them goes in band (maxWorkers: 1);
// test:unit lifts it. `npm test` runs shards side by side instead, one Jest
// and one stack each (scripts/test.js, test/setup/sequencer.js).
// --selectProjects takes every word after it: name files before it (`npx jest test/api/x.test.ts --selectProjects api`).
const shared = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': 'ts-jest',
    // jose (JWT verification, src/identity) and oauth4webapi (the Web UI proxy's sign-in) ship ES modules only;
    // Jest on Node 20 cannot require them untransformed.
    '/node_modules/(jose|oauth4webapi)/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(jose|oauth4webapi)/)'],
};

const stackLayer = (name) => ({
  ...shared,
  displayName: name,
  roots: [`<rootDir>/test/${name}`],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setup/quiet-runtime.ts'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
});

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  maxWorkers: 1,
  testSequencer: '<rootDir>/test/setup/sequencer.js',
  projects: [
    { ...shared, displayName: 'unit', roots: ['<rootDir>/test/unit'], testMatch: ['**/*.test.ts'] },
    ...['integration', 'api', 'workflow', 'replay', 'e2e'].map(stackLayer),
  ],
};
