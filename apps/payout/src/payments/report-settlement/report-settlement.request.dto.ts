import { IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsCalendarDate } from '@vf/contracts';

/** What the payment team reports for one release of a payment. */
export class ReportSettlementRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  idempotencyKey: string;

  @IsIn(['PAID', 'FAILED'])
  outcome: 'PAID' | 'FAILED';

  /** The payment team's own reference (PAID). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @IsOptional()
  @IsCalendarDate()
  paidOn?: string;

  /** Why it failed (FAILED). */
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  reason?: string;
}
