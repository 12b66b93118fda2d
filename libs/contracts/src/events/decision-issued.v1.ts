import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsActorIdent, IsCalendarDate, IsIsoInstant, IsNationalId } from '../validation/decorators';
import { AnyPayeeV1, AnyRequirementV1, payeeDiscriminator, payeeType, requirementDiscriminator, requirementType } from './shared.v1';

export class IssuedPaymentV1 {
  @IsUUID()
  paymentId: string;
  /** The caseworker's own label for the payment within the decision, e.g. "P1". */
  @IsString()
  @IsNotEmpty()
  ref: string;
  @IsString()
  @IsNotEmpty()
  purpose: string;
  @IsInt()
  @Min(1)
  amountOre: number;
  @IsCalendarDate()
  dueDate: string;
  @ValidateNested()
  @Type(payeeType, payeeDiscriminator)
  payee: AnyPayeeV1;
  /** Not to be released before this day (Oslo). */
  @IsOptional()
  @IsCalendarDate()
  notBefore: string | null;
}

export class IssuedConditionV1 {
  @IsUUID()
  conditionId: string;
  @IsString()
  @IsNotEmpty()
  ref: string;
  /** Plain-language text the recipient sees. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;
  @IsCalendarDate()
  deadline: string;
  @ValidateNested()
  @Type(requirementType, requirementDiscriminator)
  requirement: AnyRequirementV1;
  @IsArray()
  @IsUUID('all', { each: true })
  gatesPaymentIds: string[];
}

/** Topic vilkarsflyt.decision-issued.v1, key decisionId. Contains a fødselsnummer: personal data. */
export class DecisionIssuedV1 {
  @IsUUID()
  decisionId: string;
  @IsString()
  @IsNotEmpty()
  caseId: string;
  @IsString()
  @IsNotEmpty()
  office: string;
  @IsNationalId()
  recipientNationalId: string;
  @IsCalendarDate()
  periodFrom: string;
  @IsCalendarDate()
  periodTo: string;
  @IsBoolean()
  reductionOnBreachAnnounced: boolean;
  /** The follow-up veileder assigned to the case, if any (NAV-ident). */
  @IsOptional()
  @IsActorIdent()
  veilederIdent: string | null;
  @IsIsoInstant()
  issuedAt: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IssuedPaymentV1)
  payments: IssuedPaymentV1[];
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => IssuedConditionV1)
  conditions: IssuedConditionV1[];
}
