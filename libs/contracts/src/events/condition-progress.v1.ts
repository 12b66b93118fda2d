import { IsBoolean, IsIn, IsNotEmpty, IsString, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';

/**
 * Topic vilkarsflyt.condition-progress.v1, key decisionId, produced by follow-up after every change
 * to a condition: its status and how far its evidence has come, in words for the recipient
 * (e.g. "attendance covers 10 of 20 course days"). A snapshot: the latest `at` wins.
 */
export class ConditionProgressV1 {
  @IsUUID()
  conditionId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @Matches(/^\d{4}$/)
  office: string;
  @IsIn(['OPEN', 'FULFILLED', 'BREACHED', 'LIFTED', 'ANNULLED'])
  status: 'OPEN' | 'FULFILLED' | 'BREACHED' | 'LIFTED' | 'ANNULLED';
  @IsCalendarDate()
  deadline: string;
  @IsString()
  summary: string;
  @IsBoolean()
  achievable: boolean;
  @IsIsoInstant()
  at: string;
}
