import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Amendment } from '@vf/rules';

/** Journal of the decision unit's amendments: who, in which role, when, what and why. Only inserted. */
@Entity('decision_action')
export class DecisionActionEntity {
  @PrimaryColumn('uuid')
  id: string;

  @Column('uuid', { name: 'decision_id' })
  decisionId: string;

  @Column('timestamptz')
  at: Date;

  @Column('text', { name: 'actor_ident' })
  actorIdent: string;

  @Column('text', { name: 'actor_role' })
  actorRole: string;

  @Column('text')
  kind: Amendment['kind'];

  @Column('jsonb')
  details: Amendment;

  @Column('text')
  reason: string;
}
