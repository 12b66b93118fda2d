import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNotEmpty, IsString, IsUUID, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { AnyPayeeV1, payeeDiscriminator, payeeType } from './shared.v1';

export class WaitedForV1 {
  @IsUUID()
  conditionId: string;
  @IsIsoInstant()
  metAt: string;
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
}
