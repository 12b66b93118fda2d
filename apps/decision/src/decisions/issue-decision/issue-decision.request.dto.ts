import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ACTIVITY_EXCEPTION_CODES_V1,
  AnyPayeeV1,
  AnyRequirementV1,
  CONDITION_CATEGORIES_V1,
  PARTNER_RELATIONS_V1,
  PERSON_REFS_V1,
  IsActorIdent,
  IsCalendarDate,
  IsNationalId,
  payeeDiscriminator,
  payeeType,
} from '@vf/contracts';
import { requirementRequestDiscriminator, requirementRequestType } from './requirement.request.dto';

const REF = /^[A-Za-z0-9_-]{1,20}$/;
const REF_MESSAGE = 'must be 1–20 letters, digits, _ or -';
/** 100 million kroner: above any payment of social assistance, and well within a bigint and a safe integer. */
export const MAX_AMOUNT_ORE = 10_000_000_000;

export class PaymentRequest {
  /** The caseworker's label, unique in the decision, e.g. "P1". Conditions refer to it. */
  @Matches(REF, { message: REF_MESSAGE })
  ref: string;

  /** e.g. RENT (husleie), LIVING_COSTS (livsopphold), ELECTRICITY (strøm). Local practice: data, not code. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  purpose: string;

  @IsInt({ message: 'must be a whole number of øre' })
  @Min(1, { message: 'must be greater than zero' })
  @Max(MAX_AMOUNT_ORE, { message: 'must be at most 100 000 000 kr' })
  amountOre: number;

  @IsCalendarDate()
  dueDate: string;

  // An object, not an array: ValidateNested alone lets [[[]]] through.
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(payeeType, payeeDiscriminator)
  payee: AnyPayeeV1;

  /** Not to be released before this day, e.g. the second half-month's living costs. */
  @IsOptional()
  @IsCalendarDate()
  notBefore?: string;
}

/** What a condition demands and says, whether set at issue or added later. */
export class ConditionTermsRequest {
  @Matches(REF, { message: REF_MESSAGE })
  ref: string;

  /** What the recipient reads: the condition and its purpose in plain words (§ 20). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  text: string;

  @IsCalendarDate()
  deadline: string;

  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(requirementRequestType, requirementRequestDiscriminator)
  requirement: AnyRequirementV1;

  /** Whose condition it is: RECIPIENT (the default) or PARTNER (the spouse or cohabitant). */
  @IsOptional()
  @IsIn(PERSON_REFS_V1 as unknown as string[], { message: `must be one of ${PERSON_REFS_V1.join(', ')}` })
  person?: (typeof PERSON_REFS_V1)[number];

  /** KOSTRA condition category (statistics), e.g. "06" (register as job-seeker / keep a job log). */
  @IsOptional()
  @IsIn(CONDITION_CATEGORIES_V1 as unknown as string[], {
    message: `must be a KOSTRA condition category: ${CONDITION_CATEGORIES_V1.join(', ')}`,
  })
  category?: (typeof CONDITION_CATEGORIES_V1)[number];
}

export class ConditionRequest extends ConditionTermsRequest {
  /** refs of the payments this condition holds back. */
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(REF, { each: true, message: `each ${REF_MESSAGE}` })
  gates: string[];
}

/** Ektefelle eller samboer in the same case. */
export class PartnerRequest {
  @IsIn(PARTNER_RELATIONS_V1 as unknown as string[], { message: `must be one of ${PARTNER_RELATIONS_V1.join(', ')}` })
  relation: (typeof PARTNER_RELATIONS_V1)[number];

  @IsNationalId()
  nationalId: string;
}

/** § 20 a: why a person under 30 gets no activity condition, with the KOSTRA code and a written reason. */
export class ActivityExceptionRequest {
  @IsIn(PERSON_REFS_V1 as unknown as string[], { message: `must be one of ${PERSON_REFS_V1.join(', ')}` })
  person: (typeof PERSON_REFS_V1)[number];

  @IsIn(ACTIVITY_EXCEPTION_CODES_V1 as unknown as string[], { message: `must be one of ${ACTIVITY_EXCEPTION_CODES_V1.join(', ')}` })
  code: (typeof ACTIVITY_EXCEPTION_CODES_V1)[number];

  @IsString()
  @MaxLength(4000)
  reason: string;
}

export class IssueDecisionRequest {
  @Matches(/^[A-Za-z0-9-]{1,40}$/, { message: 'must be 1–40 letters, digits or -' })
  caseId: string;

  /** NAV office number (enhetsnummer), four digits. */
  @Matches(/^\d{4}$/, { message: 'must be a four-digit NAV office number' })
  office: string;

  @IsNationalId()
  recipientNationalId: string;

  @IsCalendarDate()
  periodFrom: string;

  @IsCalendarDate()
  periodTo: string;

  /** § 20 third paragraph: did the decision tell the recipient that a breach may reduce the assistance? */
  @IsBoolean()
  reductionOnBreachAnnounced: boolean;

  /** The follow-up veileder assigned to the case, if any (NAV-ident). */
  @IsOptional()
  @IsActorIdent()
  veilederIdent?: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => PaymentRequest)
  payments: PaymentRequest[];

  @IsArray()
  @ArrayMaxSize(100)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ConditionRequest)
  conditions: ConditionRequest[];

  /** A spouse or cohabitant the decision also covers, if any. */
  @IsOptional()
  @IsObject({ message: 'must be an object' })
  @ValidateNested()
  @Type(() => PartnerRequest)
  partner?: PartnerRequest;

  /** § 20 a exceptions (unntak fra aktivitetsplikten), at most one per person under 30. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(2)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => ActivityExceptionRequest)
  activityExceptions?: ActivityExceptionRequest[];
}
