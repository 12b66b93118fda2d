import { IsOptional, Matches } from 'class-validator';
import { OFFICE_NUMBER, OFFICE_NUMBER_REASON, PageQuery } from '@vf/platform';

/** `GET /decisions?office=0301&limit=20&offset=0` */
export class ListDecisionsQuery extends PageQuery {
  /** One office; without it, every office in the token. */
  @IsOptional()
  @Matches(OFFICE_NUMBER, { message: OFFICE_NUMBER_REASON })
  office?: string;
}
