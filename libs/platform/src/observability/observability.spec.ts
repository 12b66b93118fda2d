import { acceptCorrelationId, containsNationalId, currentCorrelationId, withContext } from './context';
import { consoleLevel } from './logging';

describe('correlation ids', () => {
  it("keeps the caller's id when it is one we can carry", () => {
    expect(acceptCorrelationId('obs-1.a:b_c')).toBe('obs-1.a:b_c');
    expect(acceptCorrelationId(['first', 'second'])).toBe('first');
  });

  it('makes a new one for a missing, malformed, overlong or fødselsnummer-bearing id', () => {
    for (const bad of [undefined, '', 'with space', 'ø', 'x'.repeat(101), 'case-01810012311', '9901810012311x']) {
      expect(acceptCorrelationId(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });

  it('finds a fødselsnummer anywhere in a run of digits, and not eleven digits that are none', () => {
    expect(containsNationalId('x01810012311')).toBe(true);
    expect(containsNationalId('12301810012311')).toBe(true);
    expect(containsNationalId('12345678901')).toBe(false);
    expect(containsNationalId('0181001231')).toBe(false);
  });

  it('is carried through awaits and timers started in its context', async () => {
    const seen = await withContext({ correlationId: 'c-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      return new Promise((r) => setImmediate(() => r(currentCorrelationId())));
    });
    expect(seen).toBe('c-1');
    expect(currentCorrelationId()).toBeUndefined();
  });
});

describe('log levels', () => {
  it('takes LOG_LEVEL, else the lowest of Nest-style LOG_LEVELS, else info', () => {
    expect(consoleLevel({ LOG_LEVEL: 'debug', LOG_LEVELS: 'error' })).toBe('debug');
    expect(consoleLevel({ LOG_LEVELS: 'error' })).toBe('error');
    expect(consoleLevel({ LOG_LEVELS: 'error,warn' })).toBe('warn');
    expect(consoleLevel({ LOG_LEVELS: 'error,warn,log,verbose' })).toBe('trace');
    expect(consoleLevel({})).toBe('info');
  });
});
