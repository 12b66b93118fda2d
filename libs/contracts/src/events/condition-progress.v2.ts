import { IsBoolean, IsIn } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { ConditionRefV1 } from './condition-changes.v1';
import { CONDITION_STATUSES_V1 } from './condition-progress.v1';

/**
 * Topic vilkarsflyt.condition-progress.v2, key decisionId, produced by follow-up after every change
 * to a condition **except the one that fulfils it**: that change's snapshot travels only as
 * condition-fulfilled.v1's `progress`, so a fulfilling piece of evidence makes one event, not two.
 * A reader wanting every snapshot reads both topics; the latest `at` wins.
 *
 * Why a v2 (issue #10, nineteenth round): v1 promised a snapshot on its own topic after every change,
 * so it published the fulfilling snapshot twice, and its one reader (payout) passed the copy over.
 * That copy cost an outbox row, a relay send, a broker append, a fetch and an offset commit per
 * fulfilment. v1 had no reader outside this system (its catalogue entry lists none), so follow-up
 * publishes v2 in its place; payout reads v1 too, for what was published before the switch.
 * v1 is written out separately, not built on this class: a frozen contract must not move with a newer one.
 */
export class ConditionProgressV2 extends ConditionRefV1 {
  /** The same statuses as v1. */
  @IsIn(CONDITION_STATUSES_V1 as unknown as string[])
  status: (typeof CONDITION_STATUSES_V1)[number];
  @IsCalendarDate()
  deadline: string;
  @IsBoolean()
  achievable: boolean;
  @IsIsoInstant()
  at: string;
}
