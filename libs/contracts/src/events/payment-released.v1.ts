import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { AnyPayeeV1, payeeDiscriminator, payeeType } from './shared.v1';

/** How a gate was resolved, as v1 carries it, written out: v1 is frozen. */
export const RESOLUTIONS_V1 = ['MET', 'LIFTED', 'REDUCED'] as const;

export class WaitedForV1 {
  @IsUUID()
  conditionId: string;
  /** When the condition stopped holding the payment. */
  @IsIsoInstant()
  metAt: string;
  /** MET on evidence or judgement, LIFTED by the decision unit, or REDUCED: decided by a reduction after a breach. */
  @IsIn(RESOLUTIONS_V1 as unknown as string[])
  resolution: 'MET' | 'LIFTED' | 'REDUCED';
}

export class ReductionV1 {
  @IsInt()
  @Min(1)
  fromOre: number;
  @IsInt()
  @Min(1)
  toOre: number;
  @IsUUID()
  conditionId: string;
  /** The written assessment behind the reduction decision. */
  @IsString()
  @IsNotEmpty()
  assessment: string;
}

/**
 * Topic vilkarsflyt.payment-released.v1, key paymentId: the payment team's feed.
 * `idempotencyKey` is deterministic per payment and release: the payment team executes an order
 * once per key and treats a repeat as a duplicate (as NAV's payment platform does with 409).
 */
export class PaymentReleasedV1 {
  @IsString()
  @IsNotEmpty()
  idempotencyKey: string;
  /** 1 for the first release; 2 … when the decision unit releases a failed payment again. */
  @IsInt()
  @Min(1)
  attempt: number;
  @IsUUID()
  paymentId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @IsString()
  purpose: string;
  @IsInt()
  @Min(1)
  amountOre: number;
  @IsCalendarDate()
  dueDate: string;
  @ValidateNested()
  @Type(payeeType, payeeDiscriminator)
  payee: AnyPayeeV1;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => WaitedForV1)
  waitedFor: WaitedForV1[];
  @IsIsoInstant()
  releasedAt: string;
  /** Set when the amount was reduced after a breach; amountOre is then the reduced amount. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ReductionV1)
  reduction: ReductionV1 | null;
}
