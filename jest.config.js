/** ESM mode: ts-jest compiles to ESM, node runs it with --experimental-vm-modules (see package.json). */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
  },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  testTimeout: 20000,
  setupFilesAfterEnv: ['<rootDir>/test/helpers/jest-setup.ts'],
  // No forceExit: Jest exits by itself once every handle is closed, so a test that leaves one open (a
  // child process, a socket, a timer) shows as a run that does not end instead of being hidden.
};
