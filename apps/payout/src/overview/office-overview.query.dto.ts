import { IsOptional } from 'class-validator';
import { IsCalendarDate } from '@vf/contracts';

/** `GET /offices/:office/overview?from=2026-11-01&to=2026-11-30`: the days (Oslo) whose releases the latency figures count. */
export class OfficeOverviewQuery {
  /** First day counted; default 30 days before today. */
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day counted; default none (up to now). */
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
