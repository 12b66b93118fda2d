import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, PageQuery, Pager, cursorTs, forbiddenOffice, paging, readableOffices } from '@vf/platform';
import { JournalEntryEntity } from '../database/journal-entry.entity';

type Row = { entry: JournalEntryEntity; at: string };
const pager = new Pager<Row>('case-journal', ['ts', 'int'], (r) => [r.at, r.entry.seq]);

/** The case's journal in time order: who (ident and role, or the system), when, what and why. */
@Controller('cases/:caseId/journal')
@Allow('veileder', 'decision-unit', 'auditor')
export class GetJournalController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async journal(@Param('caseId') caseId: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    const { limit, cursor } = paging(query);
    const after = pager.after(cursor);
    const offices = readableOffices(actor);
    const q = this.dataSource
      .getRepository(JournalEntryEntity)
      .createQueryBuilder('j')
      .addSelect(cursorTs('j.at'), 'k_at')
      .where('j.case_id = :caseId', { caseId })
      .orderBy('j.at', 'ASC')
      .addOrderBy('j.seq', 'ASC')
      .limit(limit + 1);
    if (offices) q.andWhere('j.office = ANY(:offices)', { offices });
    if (after) q.andWhere('(j.at, j.seq) > (CAST(:at AS timestamptz), CAST(:seq AS bigint))', { at: after[0], seq: after[1] });
    const { raw, entries } = await q.getRawAndEntities<{ k_at: string }>().then((r) => ({ raw: r.raw, entries: r.entities }));
    // A case number can be guessed: same answer whether it exists or not (a later page may be empty).
    if (entries.length === 0 && !after) throw forbiddenOffice();
    const { rows, nextCursor } = pager.page(
      entries.map((entry, i) => ({ entry, at: raw[i].k_at })),
      limit,
    );
    return {
      caseId,
      nextCursor,
      entries: rows.map(({ entry: e }) => ({
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
