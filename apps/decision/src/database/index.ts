import { DecisionEntity } from './decision.entity';
import { CreateDecision1732000000000 } from './migrations/1732000000000-create-decision';

export const ENTITIES = [DecisionEntity];
export const MIGRATIONS = [CreateDecision1732000000000];
