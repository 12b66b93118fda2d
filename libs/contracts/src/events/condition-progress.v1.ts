import { IsBoolean, IsIn } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { ConditionRefV1 } from './condition-changes.v1';

/**
 * Topic vilkarsflyt.condition-progress.v1, key decisionId, produced by follow-up after every change
 * to a condition: its status and how far its evidence has come, in words for the recipient
 * (e.g. "attendance covers 10 of 20 course days"). A snapshot: the latest `at` wins.
 */
export class ConditionProgressV1 extends ConditionRefV1 {
  @IsIn(['OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED'])
  status: 'OPEN' | 'FULFILLED' | 'BREACHED' | 'LIFTED' | 'ANNULLED';
  @IsCalendarDate()
  deadline: string;
  @IsBoolean()
  achievable: boolean;
  @IsIsoInstant()
  at: string;
}
