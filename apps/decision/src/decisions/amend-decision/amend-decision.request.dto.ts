import { Type } from 'class-transformer';
import { ArrayMinSize, IsArray, IsInt, IsNotEmpty, IsString, IsUUID, Matches, MaxLength, Min, MinLength, ValidateNested } from 'class-validator';
import { AnyRequirementV1, IsCalendarDate, requirementDiscriminator, requirementType } from '@vf/contracts';
import { MIN_AMENDMENT_REASON_LENGTH } from '@vf/rules';

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

export class AddConditionRequest extends ReasonRequest {
  @Matches(/^[A-Za-z0-9_-]{1,20}$/, { message: 'must be 1–20 letters, digits, _ or -' })
  ref: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;

  @IsCalendarDate()
  deadline: string;

  @ValidateNested()
  @Type(requirementType, requirementDiscriminator)
  requirement: AnyRequirementV1;

  /** Payment ids this condition holds back; only payments not yet released. */
  @IsArray()
  @ArrayMinSize(1)
  @IsUUID('all', { each: true })
  gatesPaymentIds: string[];
}

/** A decision on a breach: reduce the payment to an amount a person enters, with a written assessment. */
export class ReducePaymentRequest {
  @IsUUID()
  conditionId: string;

  @IsInt({ message: 'must be a whole number of øre' })
  @Min(1, { message: 'a reduction is never to zero: enter a whole number of øre above 0' })
  amountOre: number;

  @IsString()
  @MinLength(MIN_AMENDMENT_REASON_LENGTH)
  @MaxLength(4000)
  assessment: string;
}
