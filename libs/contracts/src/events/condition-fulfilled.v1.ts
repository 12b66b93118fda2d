import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IsActorIdent, IsIsoInstant } from '../validation/decorators';
import { ConditionProgressV1 } from './condition-progress.v1';

export class FulfilmentJudgementV1 {
  @IsString()
  @IsNotEmpty()
  justification: string;
  @IsActorIdent()
  actorIdent: string;
  @IsString()
  @IsNotEmpty()
  actorRole: string;
  @IsIsoInstant()
  judgedAt: string;
}

/** Topic vilkarsflyt.condition-fulfilled.v1, key decisionId. */
export class ConditionFulfilledV1 {
  @IsUUID()
  conditionId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @IsIsoInstant()
  fulfilledAt: string;
  @IsIn(['EVIDENCE', 'VEILEDER_JUDGEMENT'])
  fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT';
  @IsString()
  summary: string;
  @IsOptional()
  @ValidateNested()
  @Type(() => FulfilmentJudgementV1)
  judgement: FulfilmentJudgementV1 | null;
  /**
   * Added to v1 as an optional field (a v1 reader ignores it; a producer from before never writes it):
   * the snapshot of the condition the same change made, whole. Since condition-progress.v2 this is the
   * only place that snapshot is published; on condition-progress.v1 (retired) it was published too,
   * naming this event in its `fulfilmentEventId`.
   */
  @IsOptional()
  @ValidateNested()
  @Type(() => ConditionProgressV1)
  progress?: ConditionProgressV1 | null;
}
