import { ConditionEntity } from './condition.entity';
import { EvidenceEntity } from './evidence.entity';
import { CreateFollowUp1732000000001 } from './migrations/1732000000001-create-follow-up';
import { ActorRole1732000000101 } from './migrations/1732000000101-actor-role';

export const ENTITIES = [ConditionEntity, EvidenceEntity];
export const MIGRATIONS = [CreateFollowUp1732000000001, ActorRole1732000000101];
