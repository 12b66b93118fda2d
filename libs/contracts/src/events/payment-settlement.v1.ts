import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';

/**
 * Topic vilkarsflyt.payment-settlement.v1, key paymentId, produced by the payment team: what
 * happened to a released payment. PAID carries the team's reference and the day paid; FAILED a reason.
 * A repeated report is harmless; a report for an unknown payment is dead-lettered with the reason.
 */
export class PaymentSettlementV1 {
  @IsUUID()
  paymentId: string;
  /** The idempotencyKey of the release this report is about. */
  @IsString()
  @IsNotEmpty()
  idempotencyKey: string;
  @IsIn(['PAID', 'FAILED'])
  outcome: 'PAID' | 'FAILED';
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;
  @IsOptional()
  @IsCalendarDate()
  paidOn?: string;
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
  @IsIsoInstant()
  reportedAt: string;
}

/**
 * Topic vilkarsflyt.payment-status.v1, key decisionId, produced by payout: a payment stopped,
 * cancelled (its decision revoked), paid or failed. Releases are on payment-released.v1.
 */
export class PaymentStatusV1 {
  @IsUUID()
  paymentId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @IsString()
  office: string;
  @IsIn(['STOPPED', 'CANCELLED', 'PAID', 'FAILED'])
  status: 'STOPPED' | 'CANCELLED' | 'PAID' | 'FAILED';
  @IsOptional()
  @IsString()
  reason?: string | null;
  @IsOptional()
  @IsString()
  reference?: string | null;
  @IsOptional()
  @IsCalendarDate()
  paidOn?: string | null;
  @IsIsoInstant()
  at: string;
}
