import { Controller, Get, Param, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, PageQuery, ParseOffice, assertOfficeAccess, paging } from '@vf/platform';
import { officeCases } from './office-cases.query';

/** The office's cases that still need follow-up, soonest deadline first: a veileder's list to work from. */
@Controller('offices/:office/cases')
@Allow('veileder', 'decision-unit', 'auditor')
export class ListOfficeCasesController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async list(@Param('office', new ParseOffice()) office: string, @Query() query: PageQuery, @CurrentActor() actor: Actor) {
    assertOfficeAccess(actor, office);
    return { office, ...(await officeCases(this.dataSource, office, paging(query))) };
  }
}
