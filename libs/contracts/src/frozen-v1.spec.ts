import { CONDITION_KINDS, CONDITION_STATUSES, RESOLUTIONS } from '@vf/rules';
import { CONDITION_STATUSES_V1, REQUIREMENT_KINDS_V1, RESOLUTIONS_V1 } from './index';

// v1 contracts are frozen: their enums are written out in this library. When the rules gain a
// value that a v1 contract cannot carry, this fails, and the new value needs a v2 contract (a new
// topic), never a silent widening of v1.

describe('frozen v1 contracts', () => {
  it('carry every condition kind the rules know', () => {
    expect(CONDITION_KINDS.filter((k) => !(REQUIREMENT_KINDS_V1 as readonly string[]).includes(k))).toEqual([]);
  });

  it('carry every condition status the rules know', () => {
    expect(CONDITION_STATUSES.filter((s) => !(CONDITION_STATUSES_V1 as readonly string[]).includes(s))).toEqual([]);
  });

  it('carry every way a payment gate is resolved', () => {
    expect(RESOLUTIONS.filter((r) => !(RESOLUTIONS_V1 as readonly string[]).includes(r))).toEqual([]);
  });
});
