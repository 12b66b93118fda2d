// One Idempotency-Key per thing a person sends: the same key for a double click and for every retry
// after a lost answer, so the service does it once and answers the retry as the first time; a new
// key once it has gone through.
import { useRef } from 'react';

/** A random UUID (crypto.randomUUID where the page has it: https, or localhost). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The key of one submission: `key()` for each send of it, `done()` once it succeeded (the next submission gets a new one). */
export function useSubmissionKey(): { key: () => string; done: () => void } {
  const current = useRef('');
  return {
    key: () => (current.current ||= newIdempotencyKey()),
    done: () => {
      current.current = '';
    },
  };
}
