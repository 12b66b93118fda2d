import { IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { ConditionRefV1 } from './condition-changes.v1';

/** The condition statuses v1 carries, written out: v1 is frozen. */
export const CONDITION_STATUSES_V1 = ['OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED'] as const;

/**
 * Topic vilkarsflyt.condition-progress.v1, key decisionId, produced by follow-up after every change
 * to a condition: its status and how far its evidence has come, in words for the recipient
 * (e.g. "attendance covers 10 of 20 course days"). A snapshot: the latest `at` wins.
 */
export class ConditionProgressV1 extends ConditionRefV1 {
  @IsIn(CONDITION_STATUSES_V1 as unknown as string[])
  status: (typeof CONDITION_STATUSES_V1)[number];
  @IsCalendarDate()
  deadline: string;
  @IsBoolean()
  achievable: boolean;
  @IsIsoInstant()
  at: string;
  /**
   * Added to v1 as an optional field (a v1 reader ignores it): set when this snapshot was made by the
   * change that fulfilled the condition, to the id of that condition-fulfilled event, which carries
   * this same snapshot as its `progress`. A reader of both topics may take it from there and skip this
   * one (payout does: one handling per fulfilling piece of evidence instead of two).
   */
  @IsOptional()
  @IsUUID()
  fulfilmentEventId?: string | null;
}
