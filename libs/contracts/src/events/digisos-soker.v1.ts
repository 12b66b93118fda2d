import { IsInt, IsNotEmpty, IsObject, IsString, Matches, Min } from 'class-validator';
import { IsIsoInstant } from '../validation/decorators';

/**
 * Topic vilkarsflyt.digisos-soker.v1, key caseId, produced by payout: the case's whole
 * `digisos-soker.json` (NAV's Digisos innsyn format) after every change the recipient would see,
 * for a Fiks Digisos uploader. `sequence` counts the changes of the case from 1 with no gaps; the
 * event id is derived from case and sequence, so each change is published once. The document's
 * shape is DIGISOS_SOKER_SCHEMA_V1 (libs/contracts/src/digisos); it holds no fødselsnummer.
 */
export class DigisosSokerV1 {
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @Matches(/^\d{4}$/)
  office: string;
  @IsInt()
  @Min(1)
  sequence: number;
  @IsIsoInstant()
  changedAt: string;
  /** The document, as DIGISOS_SOKER_SCHEMA_V1 describes it. */
  @IsObject()
  document: Record<string, unknown>;
}
