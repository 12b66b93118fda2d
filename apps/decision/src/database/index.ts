import { DecisionEntity } from './decision.entity';
import { CreateDecision1732000000000 } from './migrations/1732000000000-create-decision';
import { ActorRole1732000000100 } from './migrations/1732000000100-actor-role';
import { Worklist1732000000200 } from './migrations/1732000000200-worklist';
import { WorklistItemEntity } from './worklist-item.entity';
import { DecisionActionEntity } from './decision-action.entity';
import { Amendments1732000000301 } from './migrations/1732000000301-amendments';
import { DecisionOfficeIssued1732000000403 } from './migrations/1732000000403-decision-office-issued';
import { Household1732000000512 } from './migrations/1732000000512-household';
import { ReadIndexes1732000000520 } from './migrations/1732000000520-read-indexes';

export const ENTITIES = [DecisionEntity, WorklistItemEntity, DecisionActionEntity];
export const MIGRATIONS = [
  CreateDecision1732000000000,
  ActorRole1732000000100,
  Worklist1732000000200,
  Amendments1732000000301,
  DecisionOfficeIssued1732000000403,
  Household1732000000512,
  ReadIndexes1732000000520,
];
