import { FieldError } from './validation/field-errors';

/**
 * Topic vilkarsflyt.dead-letter.v1, key: the original key. A message a consumer could not use,
 * kept whole (base64) with why, so nothing is lost and a person can replay or discard it.
 */
export interface DeadLetterV1 {
  consumerGroup: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
  originalKey: string | null;
  originalValueBase64: string | null;
  errors: FieldError[];
  deadLetteredAt: string;
}
