import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ConditionCategory, ConditionStatus, FulfilmentJudgement, PersonRef, Requirement } from '@vf/rules';

/** Vilkår as follow-up tracks it. Created from decision-issued; changed only through the condition decider. */
@Entity('condition')
export class ConditionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('text', { name: 'case_id' })
  caseId: string;

  @Column('text')
  office: string;

  @Column('text')
  ref: string;

  @Column('text')
  text: string;

  @Column('date')
  deadline: string;

  @Column('jsonb')
  requirement: Requirement;

  @Column('jsonb', { name: 'gates_payment_ids' })
  gatesPaymentIds: string[];

  @Column('text')
  status: ConditionStatus;

  @Column('timestamptz', { name: 'fulfilled_at', nullable: true })
  fulfilledAt: Date | null;

  @Column('text', { name: 'fulfilled_by', nullable: true })
  fulfilledBy: 'EVIDENCE' | 'VEILEDER_JUDGEMENT' | null;

  @Column('jsonb', { nullable: true })
  judgement: FulfilmentJudgement | null;

  @Column('timestamptz', { name: 'breached_at', nullable: true })
  breachedAt: Date | null;

  /** The follow-up veileder the decision names (NAV-ident), if any. */
  @Column('text', { name: 'veileder_ident', nullable: true })
  veilederIdent: string | null;

  /** Whose condition it is: the recipient's or the spouse's or cohabitant's (PARTNER). */
  @Column('text', { default: 'RECIPIENT' })
  person: PersonRef;

  /** KOSTRA condition category, if the decision gave one. */
  @Column('text', { nullable: true })
  category: ConditionCategory | null;
}
