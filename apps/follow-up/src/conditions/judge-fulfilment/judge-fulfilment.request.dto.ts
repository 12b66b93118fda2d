import { IsString, MaxLength, MinLength } from 'class-validator';
import { MIN_JUSTIFICATION_LENGTH } from '@vf/rules';

export class JudgeFulfilmentRequest {
  /** Why the veileder holds the condition met, e.g. few suitable vacancies in week 47. Journaled. */
  @IsString()
  @MinLength(MIN_JUSTIFICATION_LENGTH)
  @MaxLength(4000)
  justification: string;
}
