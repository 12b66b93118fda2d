import { Column, Entity, PrimaryColumn } from 'typeorm';
import { ActivityExceptionV1, IssuedConditionV1, IssuedPaymentV1, PartnerV1 } from '@vf/contracts';
import { DecisionAmendmentState } from '@vf/rules';

/** Vedtak. Payments and conditions are stored as issued; amendments (later issues) are new rows in a history. */
@Entity('decision')
export class DecisionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text', { name: 'case_id' })
  caseId: string;

  @Column('text')
  office: string;

  /** Fødselsnummer: personal data, never logged. */
  @Column('text', { name: 'recipient_national_id' })
  recipientNationalId: string;

  @Column('date', { name: 'period_from' })
  periodFrom: string;

  @Column('date', { name: 'period_to' })
  periodTo: string;

  @Column('boolean', { name: 'reduction_on_breach_announced' })
  reductionOnBreachAnnounced: boolean;

  @Column('jsonb')
  payments: IssuedPaymentV1[];

  @Column('jsonb')
  conditions: IssuedConditionV1[];

  @Column('timestamptz', { name: 'issued_at' })
  issuedAt: Date;

  /** The follow-up veileder assigned to the case, if any. */
  @Column('text', { name: 'veileder_ident', nullable: true })
  veilederIdent: string | null;

  @Column('text', { name: 'issued_by' })
  issuedBy: string;

  @Column('text', { name: 'issued_by_role' })
  issuedByRole: string;

  /** A spouse or cohabitant the decision also covers (fødselsnummer inside: personal data). */
  @Column('jsonb', { nullable: true })
  partner: PartnerV1 | null;

  /** § 20 a exceptions with code and written reason, at most one per person. */
  @Column('jsonb', { name: 'activity_exceptions', default: () => "'[]'::jsonb" })
  activityExceptions: ActivityExceptionV1[];

  /** What the decision unit may still change, and how the payments and conditions went. */
  @Column('jsonb')
  progress: Omit<DecisionAmendmentState, 'decisionId' | 'reductionOnBreachAnnounced'>;
}
