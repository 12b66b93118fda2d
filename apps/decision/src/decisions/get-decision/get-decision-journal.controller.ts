import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, NotFound, ParseUuid, assertOfficeAccess } from '@vf/platform';
import { DecisionActionEntity } from '../../database/decision-action.entity';
import { DecisionEntity } from '../../database/decision.entity';

/** The decision's own journal: issued, then every amendment, with who, in which role, when and why. */
@Controller('decisions/:decisionId/journal')
@Allow('decision-unit', 'veileder', 'auditor')
export class GetDecisionJournalController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async journal(@Param('decisionId', new ParseUuid('decisionId')) decisionId: string, @CurrentActor() actor: Actor) {
    const decision = await this.dataSource.getRepository(DecisionEntity).findOneBy({ id: decisionId });
    if (!decision) throw new NotFound('decisionId', 'no decision with this id');
    assertOfficeAccess(actor, decision.office);
    const actions = await this.dataSource.getRepository(DecisionActionEntity).find({ where: { decisionId }, order: { at: 'ASC' } });
    return {
      decisionId,
      entries: [
        {
          at: decision.issuedAt.toISOString(),
          actor: { ident: decision.issuedBy, role: decision.issuedByRole },
          kind: 'DECISION_ISSUED',
          details: null,
          reason: null,
        },
        // § 20 a exceptions are decided with the decision: journaled with its actor and time, with their written reason.
        ...(decision.activityExceptions ?? []).map((e) => ({
          at: decision.issuedAt.toISOString(),
          actor: { ident: decision.issuedBy, role: decision.issuedByRole },
          kind: 'ACTIVITY_DUTY_EXCEPTION',
          details: { person: e.person, code: e.code },
          reason: e.reason,
        })),
        ...actions.map((a) => ({
          at: a.at.toISOString(),
          actor: { ident: a.actorIdent, role: a.actorRole },
          kind: a.kind,
          details: a.details,
          reason: a.reason,
        })),
      ],
    };
  }
}
