import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '@vf/contracts';
import { MIN_AMENDMENT_REASON_LENGTH } from '@vf/rules';
import { ConditionTermsRequest, MAX_AMOUNT_ORE } from '../issue-decision/issue-decision.request.dto';

/** Every amendment carries the person's reason; it is journaled and published. */
export class ReasonRequest {
  @IsString()
  @MinLength(MIN_AMENDMENT_REASON_LENGTH)
  @MaxLength(4000)
  reason: string;
}

export class MoveDeadlineRequest extends ReasonRequest {
  @IsCalendarDate()
  deadline: string;
}

export class AddConditionRequest extends ConditionTermsRequest {
  /** Payment ids this condition holds back; only payments not yet released. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true })
  gatesPaymentIds: string[];

  @IsString()
  @MinLength(MIN_AMENDMENT_REASON_LENGTH)
  @MaxLength(4000)
  reason: string;
}

/** A decision on a breach: reduce the payment to an amount a person enters, with a written assessment. */
export class ReducePaymentRequest {
  @IsUUID()
  conditionId: string;

  @IsInt({ message: 'must be a whole number of øre' })
  @Min(1, { message: 'a reduction is never to zero: enter a whole number of øre above 0' })
  @Max(MAX_AMOUNT_ORE, { message: 'must be at most 100 000 000 kr' })
  amountOre: number;

  @IsString()
  @MinLength(MIN_AMENDMENT_REASON_LENGTH)
  @MaxLength(4000)
  assessment: string;
}
