import { ConditionEntity } from './condition.entity';
import { EvidenceEntity } from './evidence.entity';
import { CreateFollowUp1732000000001 } from './migrations/1732000000001-create-follow-up';

export const ENTITIES = [ConditionEntity, EvidenceEntity];
export const MIGRATIONS = [CreateFollowUp1732000000001];
