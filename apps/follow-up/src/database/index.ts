import { ConditionEntity } from './condition.entity';
import { EvidenceEntity } from './evidence.entity';
import { JournalEntryEntity } from './journal-entry.entity';
import { JudgementBreachJournal1732000000201 } from './migrations/1732000000201-judgement-breach-journal';
import { LiftedAnnulled1732000000302 } from './migrations/1732000000302-lifted-annulled';
import { CreateFollowUp1732000000001 } from './migrations/1732000000001-create-follow-up';
import { ActorRole1732000000101 } from './migrations/1732000000101-actor-role';
import { ConditionVeileder1732000000402 } from './migrations/1732000000402-condition-veileder';
import { ConditionPersonCategory1732000000513 } from './migrations/1732000000513-condition-person-category';
import { ReadIndexes1732000000520 } from './migrations/1732000000520-read-indexes';
import { OfficeCases1732000000800 } from './migrations/1732000000800-office-cases';
import { OfficeCasePlans1732000000900 } from './migrations/1732000000900-office-case-plans';

export const ENTITIES = [ConditionEntity, EvidenceEntity, JournalEntryEntity];
export const MIGRATIONS = [
  CreateFollowUp1732000000001,
  ActorRole1732000000101,
  JudgementBreachJournal1732000000201,
  LiftedAnnulled1732000000302,
  ConditionVeileder1732000000402,
  ConditionPersonCategory1732000000513,
  ReadIndexes1732000000520,
  OfficeCases1732000000800,
  OfficeCasePlans1732000000900,
];
