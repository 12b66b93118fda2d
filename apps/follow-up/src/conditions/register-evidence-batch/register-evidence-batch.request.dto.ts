import { BadRequestException } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsObject, IsUUID, ValidateNested, validateSync } from 'class-validator';
import { compiledRequestCheck } from '@vf/contracts';
import { ErrorBody, REQUEST_VALIDATION, requestFieldErrors } from '@vf/platform';
import { EvidenceBody } from '@vf/rules';
import { EVIDENCE_ROUTE_NAMES, EvidenceRouteName, evidenceBodyOf, evidenceRequestClass } from '../register-evidence/evidence-routes';

/** The most pieces of evidence one batch takes; a larger import is sent as several batches. */
export const MAX_BATCH_ITEMS = 200;

export class EvidenceBatchItemRequest {
  @IsUUID('all')
  conditionId: string;

  /** The kind of evidence, named as its own route names it: documents, attendance-lists, job-applications … */
  @IsIn(EVIDENCE_ROUTE_NAMES)
  kind: EvidenceRouteName;

  /** The body that kind's own route (POST /conditions/:id/evidence/<kind>) takes, validated the same way. */
  @IsObject()
  evidence: Record<string, unknown>;
}

/** Many pieces of evidence at once, for example a provider's attendance lists for a whole district. */
export class EvidenceBatchRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_ITEMS)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => EvidenceBatchItemRequest)
  items: EvidenceBatchItemRequest[];
}

/** One item, ready for the rules: its condition (lower case, as ids are stored) and its evidence. */
export interface EvidenceBatchItem {
  conditionId: string;
  body: EvidenceBody;
}

/**
 * Validates each item's evidence against its kind's request class, with the options of the global
 * validation pipe, and refuses the batch with 400 naming every bad field by its path in the batch
 * (`items[3].evidence.entries[0].date`).
 */
export function evidenceOfItems(items: EvidenceBatchItemRequest[]): EvidenceBatchItem[] {
  const errors: ErrorBody['errors'] = [];
  const parsed = items.map((item, i) => {
    const cls = evidenceRequestClass(item.kind);
    // The global pipe's fast path (FastValidationPipe): evidence the compiled check accepts is used as parsed.
    if (compiledRequestCheck(cls)(item.evidence)) {
      return { conditionId: item.conditionId.toLowerCase(), body: evidenceBodyOf(item.kind, item.evidence) };
    }
    const request = plainToInstance(cls, item.evidence);
    const invalid = validateSync(request, REQUEST_VALIDATION);
    for (const e of requestFieldErrors(invalid)) errors.push({ field: `items[${i}].evidence.${e.field}`, reason: e.reason });
    return { conditionId: item.conditionId.toLowerCase(), body: invalid.length ? null : evidenceBodyOf(item.kind, request) };
  });
  if (errors.length) throw new BadRequestException({ statusCode: 400, message: 'invalid request', errors } satisfies ErrorBody);
  return parsed as EvidenceBatchItem[];
}
