import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
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
import {
  ACTIVITY_EXCEPTION_CODES_V1,
  CONDITION_CATEGORIES_V1,
  ConditionCategoryV1,
  PARTNER_RELATIONS_V1,
  PERSON_REFS_V1,
  PersonRefV1,
} from './household.v1';
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
  /**
   * Added with households (optional, so v1 readers that do not know it ignore it): whose condition it
   * is. Absent means the recipient's, as every condition was before.
   */
  @IsOptional()
  @IsIn(PERSON_REFS_V1 as unknown as string[])
  person?: PersonRefV1;
  /** Added with the yearly statistics (optional): the KOSTRA condition category, e.g. "06". */
  @IsOptional()
  @IsIn(CONDITION_CATEGORIES_V1 as unknown as string[])
  category?: ConditionCategoryV1;
}

/** A spouse or cohabitant in the same case (optional in v1: readers that do not know it ignore it). */
export class PartnerV1 {
  @IsIn(PARTNER_RELATIONS_V1 as unknown as string[])
  relation: (typeof PARTNER_RELATIONS_V1)[number];
  /** Fødselsnummer: personal data. */
  @IsNationalId()
  nationalId: string;
}

/** § 20 a: why a person under 30 has no activity condition (KOSTRA codes 01–04) and the written reason. */
export class ActivityExceptionV1 {
  @IsIn(PERSON_REFS_V1 as unknown as string[])
  person: PersonRefV1;
  @IsIn(ACTIVITY_EXCEPTION_CODES_V1 as unknown as string[])
  code: (typeof ACTIVITY_EXCEPTION_CODES_V1)[number];
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason: string;
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
  /** Added with households (optional): the spouse or cohabitant the decision also covers; absent or null: none. */
  @IsOptional()
  @ValidateNested()
  @Type(() => PartnerV1)
  partner?: PartnerV1 | null;
  /** Added with § 20 a (optional): exceptions from the activity duty, at most one per person. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => ActivityExceptionV1)
  activityExceptions?: ActivityExceptionV1[];
}
