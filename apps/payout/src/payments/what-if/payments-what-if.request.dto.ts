import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsObject, IsUUID, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { GATE_CHANGE_KINDS, GateChange } from '@vf/rules';

/** One change to what holds payments: a condition met, lifted or reopened, or a payment reduced after a breach. */
export class GateChangeRequest {
  @IsIn(GATE_CHANGE_KINDS as GateChange['kind'][])
  kind: GateChange['kind'];

  @IsUUID()
  conditionId: string;

  /** REDUCED only: the payment reduced. */
  @ValidateIf((c: GateChangeRequest) => c.kind === 'REDUCED')
  @IsUUID()
  paymentId?: string;

  /** REDUCED only: the new amount in øre. */
  @ValidateIf((c: GateChangeRequest) => c.kind === 'REDUCED')
  @IsInt()
  @Min(0)
  @Max(10_000_000_000, { message: 'must be at most 100 000 000 kr' })
  toOre?: number;
}

export class PaymentsWhatIfRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => GateChangeRequest)
  changes: GateChangeRequest[];
}
