import { BadRequestException, Controller, Get, Param, PipeTransform, Res } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, Allow, CurrentActor, ErrorBody, ParseOffice, assertOfficeAccess } from '@vf/platform';
import { yearlyStatistics, yearlyStatisticsCsv } from '@vf/rules';
import { loadYearlyStatisticsInput } from '../yearly-statistics.query';

const FIRST_YEAR = 2017; // § 20 a came into force in 2017
const LAST_YEAR = 2100;

/** A four-digit year from 2017; anything else is a 400 naming the parameter. */
class ParseYear implements PipeTransform<string, number> {
  transform(value: string): number {
    const year = /^\d{4}$/.test(value) ? Number(value) : NaN;
    if (!(year >= FIRST_YEAR && year <= LAST_YEAR)) {
      throw new BadRequestException({
        statusCode: 400,
        message: 'invalid request',
        errors: [{ field: 'year', reason: `must be a year from ${FIRST_YEAR} to ${LAST_YEAR}` }],
      } satisfies ErrorBody);
    }
    return year;
  }
}

/**
 * The office's yearly figures for the municipal statistics (KOSTRA): recipients with conditions,
 * conditions per category, § 20 a, breaches, reductions and lifts, counted per person. JSON, or CSV
 * to download. Holds no fødselsnummer.
 */
@Controller('offices/:office/statistics/:year')
@Allow('decision-unit', 'auditor')
export class GetYearlyStatisticsController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async json(
    @Param('office', new ParseOffice()) office: string,
    @Param('year', new ParseYear()) year: number,
    @CurrentActor() actor: Actor,
  ) {
    assertOfficeAccess(actor, office);
    const input = await loadYearlyStatisticsInput(this.dataSource, office, year);
    return yearlyStatistics(office, year, input.decisions, input.events);
  }

  @Get('csv')
  async csv(
    @Param('office', new ParseOffice()) office: string,
    @Param('year', new ParseYear()) year: number,
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) res: { setHeader(name: string, value: string): unknown },
  ) {
    assertOfficeAccess(actor, office);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="vilkar-statistikk-${office}-${year}.csv"`);
    const input = await loadYearlyStatisticsInput(this.dataSource, office, year);
    // A byte-order mark so that spreadsheets read æ, ø and å as UTF-8.
    return '\uFEFF' + yearlyStatisticsCsv(yearlyStatistics(office, year, input.decisions, input.events));
  }
}
