import { DecisionEntity } from './decision.entity';
import { CreateDecision1732000000000 } from './migrations/1732000000000-create-decision';
import { ActorRole1732000000100 } from './migrations/1732000000100-actor-role';

export const ENTITIES = [DecisionEntity];
export const MIGRATIONS = [CreateDecision1732000000000, ActorRole1732000000100];
