// Jest's e2e setup after the framework: a test file fails when, in its jest process, parseEvent's
// compiled check accepted an event that class-validator would have refused or read differently.
import { contractCrosscheckMismatches } from '@vf/contracts';

afterAll(() => {
  expect(contractCrosscheckMismatches).toEqual([]);
});
