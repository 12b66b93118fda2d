import { Controller, Get, Param } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, forbiddenOffice, mayActForOffice } from '@vf/platform';
import { loadDigisosSoker } from '../innsyn.store';

/** The recipient's view of a case, as innsyn on nav.no would show it: the current digisos-soker.json. */
@Controller()
@Allow('veileder', 'decision-unit', 'auditor')
export class GetDigisosSokerController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('cases/:caseId/digisos-soker')
  async get(@Param('caseId') caseId: string, @CurrentActor() actor: Actor) {
    const found = await loadDigisosSoker(this.dataSource.manager, caseId);
    // A case number can be guessed: another office's case and one with no document get the same 403.
    if (!found || !mayActForOffice(actor, found.office)) throw forbiddenOffice();
    return found.document;
  }
}
