import { createHash } from 'crypto';

const NAMESPACE = Buffer.from('5d0f2e4c9b7a4b6e8a2f1c3d4e5f6a7b', 'hex'); // Vilkårsflyt's own UUID namespace

/**
 * A name-based UUID (RFC 9562 version 5): the same name always gives the same id. Used where an
 * event must have one id however often it is decided, e.g. `payment-released:<paymentId>`.
 */
export function deterministicUuid(name: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(name, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
