import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_REASON_LENGTH } from '@vf/rules';

export class WithdrawEvidenceRequest {
  /** Why the evidence was registered in error. Journaled. */
  @IsString()
  @MinLength(MIN_REASON_LENGTH)
  @MaxLength(2000)
  reason: string;
}
