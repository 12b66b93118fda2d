import { Column, Entity, PrimaryColumn } from 'typeorm';

export type WorklistKind = 'CONDITION_BREACHED' | 'RELEASED_PAYMENT_QUESTIONED' | 'PAYMENT_FAILED';

/** Something that waits for the decision unit: a breach, or a released payment whose condition reopened. */
@Entity('worklist_item')
export class WorklistItemEntity {
  /** The id of the event that raised it, so a redelivered event raises nothing new. */
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  kind: WorklistKind;

  @Column('text')
  office: string;

  @Column('text', { name: 'case_id' })
  caseId: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('uuid', { name: 'condition_id', nullable: true })
  conditionId: string | null;

  @Column('uuid', { name: 'payment_id', nullable: true })
  paymentId: string | null;

  @Column('text')
  summary: string;

  @Column('timestamptz', { name: 'raised_at' })
  raisedAt: Date;

  @Column('text')
  status: 'OPEN' | 'DONE';

  /** The amendment (or release) that settled it. */
  @Column('text', { name: 'resolved_by', nullable: true })
  resolvedBy: string | null;
}
