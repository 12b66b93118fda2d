// Two projects: `unit` (pure, no I/O) and `e2e` (real PostgreSQL and a real Kafka broker, run in band).
const moduleNameMapper = {
  '^@vf/(rules|contracts|messaging|platform|testing)$': '<rootDir>/libs/$1/src',
};
const transform = { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, tsconfig: 'tsconfig.json' }] };
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      testMatch: ['<rootDir>/{apps,libs}/**/src/**/*.spec.ts'],
      transform,
      moduleNameMapper,
      setupFiles: ['reflect-metadata'],
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      moduleFileExtensions: ['ts', 'js', 'json'],
      // Tests that span the services live in test/; a service's own in apps/<service>/test.
      testMatch: ['<rootDir>/{apps,libs}/*/test/**/*.e2e-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      transform,
      moduleNameMapper,
      setupFiles: ['reflect-metadata', '<rootDir>/test/e2e-setup.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/e2e-after-env.ts'],
    },
  ],
};
