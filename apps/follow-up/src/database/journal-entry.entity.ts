import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Journalføring: who (ident and role, or the system), when, what, and why. Only ever inserted. */
@Entity('journal_entry')
export class JournalEntryEntity {
  @PrimaryColumn({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('text', { name: 'case_id' })
  caseId: string;

  @Column('text')
  office: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('uuid', { name: 'condition_id', nullable: true })
  conditionId: string | null;

  @Column('uuid', { name: 'evidence_id', nullable: true })
  evidenceId: string | null;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'actor_ident', nullable: true })
  actorIdent: string | null;

  @Column('text', { name: 'actor_role', nullable: true })
  actorRole: string | null;

  @Column('text')
  action: string;

  @Column('text')
  what: string;

  @Column('text', { nullable: true })
  why: string | null;
}
