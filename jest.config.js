/** One jest run for every workspace; the tier is in the file name (*.unit|int|e2e.spec.ts). */
const swc = ['@swc/jest', {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
}];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  moduleNameMapper: {
    '^@caregraph/shared$': '<rootDir>/shared/src',
    '^@caregraph/shared/telemetry$': '<rootDir>/shared/src/telemetry',
    '^@caregraph/shared/telemetry/register$': '<rootDir>/shared/src/telemetry/register',
    '^@caregraph/identity$': '<rootDir>/subgraphs/identity/src',
    '^@caregraph/care$': '<rootDir>/subgraphs/care/src',
    '^@caregraph/billing$': '<rootDir>/subgraphs/billing/src',
    '^@caregraph/notifications$': '<rootDir>/subgraphs/notifications/src',
    '^@caregraph/audit$': '<rootDir>/subgraphs/audit/src',
    '^@caregraph/sagas$': '<rootDir>/subgraphs/sagas/src',
    '^@caregraph/event-relay$': '<rootDir>/event-relay/src',
    '^@caregraph/gateway$': '<rootDir>/gateway/src',
    '^@caregraph/client$': '<rootDir>/sdk/src',
    '^@caregraph/testing$': '<rootDir>/test/support',
    '^@caregraph/testing/(.*)$': '<rootDir>/test/support/$1',
    // The SDK's sources import './x.js' (its ESM build runs in Node as is); here they are .ts.
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  setupFiles: ['reflect-metadata'],
  testTimeout: 60000,
};
