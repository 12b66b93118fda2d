import { Column, Entity, PrimaryColumn } from 'typeorm';
import { EvidenceBody, Withdrawal } from '@vf/rules';

/** One piece of evidence, registered by a veileder against exactly one condition. Never updated. */
@Entity('evidence')
export class EvidenceEntity {
  @PrimaryColumn('uuid')
  id: string;

  /** Registration order; a later attendance entry for a day replaces an earlier one. */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column('uuid', { name: 'condition_id' })
  conditionId: string;

  @Column('text')
  kind: EvidenceBody['kind'];

  @Column('jsonb')
  body: EvidenceBody;

  @Column('timestamptz', { name: 'registered_at' })
  registeredAt: Date;

  @Column('text', { name: 'registered_by' })
  registeredBy: string;

  @Column('text', { name: 'registered_by_role' })
  registeredByRole: string;

  /** Set when a veileder withdraws evidence registered in error; the row itself is kept. */
  @Column('jsonb', { nullable: true })
  withdrawal: Withdrawal | null;
}
