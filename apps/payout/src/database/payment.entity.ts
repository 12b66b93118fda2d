import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Gates, Payee, PaymentStatus, Reduction, ReleaseAttempt, Settlement } from '@vf/rules';

const bigintAsNumber = { to: (v: number) => v, from: (v: string) => Number(v) };

/** Utbetaling as payout holds it: its terms, which conditions gate it and when each was met. */
@Entity('payment')
export class PaymentEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('text', { name: 'case_id' })
  caseId: string;

  @Column('text')
  ref: string;

  /** NAV office of the decision; limits who may see the payment. */
  @Column('text')
  office: string;

  @Column('text')
  purpose: string;

  @Column('bigint', { name: 'amount_ore', transformer: bigintAsNumber })
  amountOre: number;

  @Column('date', { name: 'due_date' })
  dueDate: string;

  /** May hold a fødselsnummer: personal data, never logged. */
  @Column('jsonb')
  payee: Payee;

  @Column('text')
  status: Exclude<PaymentStatus, 'NONE'>;

  @Column('jsonb')
  gates: Gates;

  @Column('timestamptz', { name: 'released_at', nullable: true })
  releasedAt: Date | null;

  @Column('date', { name: 'not_before', nullable: true })
  notBefore: string | null;

  @Column('int')
  releases: number;

  @Column('jsonb', { nullable: true })
  reduction: Reduction | null;

  @Column('jsonb', { nullable: true })
  settlement: Settlement | null;

  /** Every release attempt, oldest first, each with its own settlement (the decider's history). */
  @Column('jsonb', { default: () => `'[]'::jsonb` })
  attempts: ReleaseAttempt[];

  @Column('text', { name: 'stop_reason', nullable: true })
  stopReason: string | null;

  /** The follow-up veileder of the case, for the office overview. */
  @Column('text', { name: 'veileder_ident', nullable: true })
  veilederIdent: string | null;
}

/** What payout knows of a condition: its text for the recipient, and when it was met. */
@Entity('gate_condition')
export class GateConditionEntity {
  @PrimaryColumn('uuid', { name: 'condition_id' })
  conditionId: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('text', { nullable: true })
  ref: string | null;

  @Column('text', { nullable: true })
  text: string | null;

  @Column('date', { nullable: true })
  deadline: string | null;

  @Column('timestamptz', { name: 'met_at', nullable: true })
  metAt: Date | null;

  /** MET or LIFTED, with met_at; null while the condition holds. */
  @Column('text', { nullable: true })
  resolution: 'MET' | 'LIFTED' | null;

  /** Payments a condition added after the decision gates. */
  @Column('jsonb', { name: 'added_gates' })
  addedGates: string[];

  /** The condition's status and how far its evidence has come, as follow-up last said. */
  @Column('text', { nullable: true })
  status: string | null;

  @Column('text', { nullable: true })
  summary: string | null;

  @Column('boolean', { nullable: true })
  achievable: boolean | null;

  @Column('timestamptz', { name: 'progress_at', nullable: true })
  progressAt: Date | null;

  @Column('text', { nullable: true })
  office: string | null;

  @Column('text', { name: 'veileder_ident', nullable: true })
  veilederIdent: string | null;
}
