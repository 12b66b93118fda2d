import { Type } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, ValidateNested } from 'class-validator';
import { IsActorIdent, IsIsoInstant } from '../validation/decorators';

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
}
