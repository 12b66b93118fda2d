import { findInLine, fnrsInTestSources } from './log-check';
import { RECIPIENT } from './fixtures';

describe('the search for fødselsnummer in log lines', () => {
  const known = fnrsInTestSources();

  it('knows the numbers the tests use, and only valid ones', () => {
    expect(known.has(RECIPIENT)).toBe(true);
    expect(known.has('12345678903')).toBe(false); // the landlord's account number, not a fødselsnummer
  });

  it('finds a number the tests use anywhere in a line, and any other valid one standing alone', () => {
    expect(findInLine(`{"message":"issued for ${RECIPIENT}"}`, known)).toEqual([{ masked: '018100*****', why: 'used in the tests' }]);
    expect(findInLine(`{"message":"x${RECIPIENT}9"}`, known)).toEqual([{ masked: '018100*****', why: 'used in the tests' }]);
    expect(findInLine('{"message":"holder 15076500565"}', new Set())).toEqual([{ masked: '150765*****', why: 'a valid fødselsnummer' }]);
  });

  it('lets ordinary lines through: timestamps, ids, account numbers, offsets', () => {
    const line =
      '{"level":"info","@timestamp":"2026-11-26T05:45:48.689Z","service":"payout","correlationId":"1732000000403",' +
      '"message":"published vilkarsflyt.payment-released.v1 12345678903 offset 98765432101"}';
    expect(findInLine(line, known)).toEqual([]);
  });

  it('reads a UUID as one id, even when its last group holds a valid number, but finds that number standing alone', () => {
    const fnr = '15076500565';
    const uuid = `0b6f1c2e-4d3a-4f5e-9a8b-a${fnr}`;
    expect(findInLine(`{"correlationId":"${uuid}","message":"released"}`, new Set())).toEqual([]);
    expect(findInLine(`{"correlationId":"${uuid}","message":"holder ${fnr}"}`, new Set())).toEqual([
      { masked: '150765*****', why: 'a valid fødselsnummer' },
    ]);
    expect(findInLine(`{"correlationId":"${uuid}"}`, new Set([fnr]))).toEqual([{ masked: '150765*****', why: 'used in the tests' }]);
  });
});
