import { IsNotEmpty, IsString, IsUUID, Matches } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';

/** The condition an event is about, and a plain-language summary of where it stands. */
export class ConditionRefV1 {
  @IsUUID()
  conditionId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @Matches(/^\d{4}$/)
  office: string;
  @IsString()
  summary: string;
}

/**
 * Topic vilkarsflyt.condition-breached.v1, key decisionId. The deadline passed without the condition
 * being met. It never changes a payment by itself (§ 20): it goes to the decision unit's worklist.
 */
export class ConditionBreachedV1 extends ConditionRefV1 {
  @IsCalendarDate()
  deadline: string;
  @IsIsoInstant()
  breachedAt: string;
}

/**
 * Topic vilkarsflyt.condition-reopened.v1, key decisionId. A condition fulfilled on evidence no longer
 * is (evidence withdrawn or corrected). Payments it gates and that are not yet released wait again.
 */
export class ConditionReopenedV1 extends ConditionRefV1 {
  @IsIsoInstant()
  reopenedAt: string;
  @IsString()
  @IsNotEmpty()
  reason: string;
}
