import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, forbiddenOffice, mayActForOffice } from '@vf/platform';
import { JournalEntryEntity } from '../database/journal-entry.entity';

/** The case's journal in time order: who (ident and role, or the system), when, what and why. */
@Controller('cases/:caseId/journal')
@Allow('veileder', 'decision-unit', 'auditor')
export class GetJournalController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async journal(@Param('caseId') caseId: string, @CurrentActor() actor: Actor) {
    const entries = await this.dataSource.getRepository(JournalEntryEntity).find({ where: { caseId }, order: { at: 'ASC', seq: 'ASC' } });
    const visible = entries.filter((e) => mayActForOffice(actor, e.office));
    if (visible.length === 0) throw forbiddenOffice();
    return {
      caseId,
      entries: visible.map((e) => ({
        at: e.at.toISOString(),
        actor: e.actorIdent ? { ident: e.actorIdent, role: e.actorRole } : null,
        action: e.action,
        what: e.what,
        why: e.why,
        decisionId: e.decisionId,
        conditionId: e.conditionId,
        evidenceId: e.evidenceId,
      })),
    };
  }
}
