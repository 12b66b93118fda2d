import { Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Min, ValidateNested } from 'class-validator';
import { IsIsoInstant } from './validation/decorators';
import { FieldError } from './validation/field-errors';

/** A field of the original message and why it was refused. */
export class DeadLetterErrorV1 implements FieldError {
  @IsString()
  field: string;
  @IsString()
  reason: string;
}

/**
 * Topic vilkarsflyt.dead-letter.v1, key: the original key. A message a consumer could not use,
 * kept whole (base64) with why, so nothing is lost and a person can replay or discard it.
 * Not enveloped: the letter itself is the message. (A class so that the AsyncAPI document is
 * generated from its validation metadata like every other payload.)
 */
export class DeadLetterV1 {
  @IsString()
  consumerGroup: string;
  @IsString()
  originalTopic: string;
  @IsInt()
  @Min(0)
  originalPartition: number;
  @IsString()
  originalOffset: string;
  @IsOptional()
  @IsString()
  originalKey: string | null;
  @IsOptional()
  @IsString()
  originalValueBase64: string | null;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => DeadLetterErrorV1)
  errors: FieldError[];
  @IsIsoInstant()
  deadLetteredAt: string;
}
