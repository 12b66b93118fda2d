import { Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Matches, Min, ValidateNested } from 'class-validator';
import { IsCalendarDate, IsIsoInstant } from '../validation/decorators';
import { IssuedConditionV1 } from './decision-issued.v1';

export const AMENDMENT_KINDS = [
  'CONDITION_LIFTED',
  'DEADLINE_MOVED',
  'CONDITION_ADDED',
  'PAYMENT_REDUCED',
  'PAYMENT_STOPPED',
  'RELEASE_AGAIN',
  'DECISION_REVOKED',
] as const;

export class AmendmentV1 {
  @IsIn(AMENDMENT_KINDS as unknown as string[])
  kind: (typeof AMENDMENT_KINDS)[number];
}
export class ConditionLiftedV1 extends AmendmentV1 {
  declare kind: 'CONDITION_LIFTED';
  @IsUUID()
  conditionId: string;
}
export class DeadlineMovedV1 extends AmendmentV1 {
  declare kind: 'DEADLINE_MOVED';
  @IsUUID()
  conditionId: string;
  @IsCalendarDate()
  previousDeadline: string;
  @IsCalendarDate()
  deadline: string;
}
export class ConditionAddedV1 extends AmendmentV1 {
  declare kind: 'CONDITION_ADDED';
  @ValidateNested()
  @Type(() => IssuedConditionV1)
  condition: IssuedConditionV1;
}
export class PaymentReducedV1 extends AmendmentV1 {
  declare kind: 'PAYMENT_REDUCED';
  @IsUUID()
  paymentId: string;
  @IsUUID()
  conditionId: string;
  @IsInt()
  @Min(1)
  fromOre: number;
  @IsInt()
  @Min(1)
  toOre: number;
}
export class PaymentStoppedV1 extends AmendmentV1 {
  declare kind: 'PAYMENT_STOPPED';
  @IsUUID()
  paymentId: string;
}
export class ReleaseAgainV1 extends AmendmentV1 {
  declare kind: 'RELEASE_AGAIN';
  @IsUUID()
  paymentId: string;
}
export class DecisionRevokedV1 extends AmendmentV1 {
  declare kind: 'DECISION_REVOKED';
  @IsArray()
  @IsUUID('all', { each: true })
  cancelledPaymentIds: string[];
  @IsArray()
  @IsUUID('all', { each: true })
  untouchedPaymentIds: string[];
  @IsArray()
  @IsUUID('all', { each: true })
  annulledConditionIds: string[];
}

export type AnyAmendmentV1 =
  ConditionLiftedV1 | DeadlineMovedV1 | ConditionAddedV1 | PaymentReducedV1 | PaymentStoppedV1 | ReleaseAgainV1 | DecisionRevokedV1;

/**
 * Topic vilkarsflyt.decision-amended.v1, key decisionId: the decision unit changed an issued
 * decision. One topic for all kinds, so the amendments of one decision keep their order.
 * `reason` is the person's written reason or assessment; the actor is in the envelope.
 */
export class DecisionAmendedV1 {
  @IsUUID()
  amendmentId: string;
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @Matches(/^\d{4}$/)
  office: string;
  @IsString()
  @IsNotEmpty()
  reason: string;
  @IsIsoInstant()
  amendedAt: string;
  @ValidateNested()
  @Type(() => AmendmentV1, {
    discriminator: {
      property: 'kind',
      subTypes: [
        { value: ConditionLiftedV1, name: 'CONDITION_LIFTED' },
        { value: DeadlineMovedV1, name: 'DEADLINE_MOVED' },
        { value: ConditionAddedV1, name: 'CONDITION_ADDED' },
        { value: PaymentReducedV1, name: 'PAYMENT_REDUCED' },
        { value: PaymentStoppedV1, name: 'PAYMENT_STOPPED' },
        { value: ReleaseAgainV1, name: 'RELEASE_AGAIN' },
        { value: DecisionRevokedV1, name: 'DECISION_REVOKED' },
      ],
    },
    keepDiscriminatorProperty: true,
  })
  amendment: AnyAmendmentV1;
}
