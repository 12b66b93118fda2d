import { IsIn, IsNumber, IsOptional, Max, IsInt, IsNotEmpty, IsString, MaxLength, Min } from 'class-validator';
import { IsAccountNumber, IsCalendarDate, IsNationalId } from '../validation/decorators';

/** Parts shared by several v1 payloads. Changing them changes every v1 contract: add v2 classes instead. */

export class PayeeV1 {
  @IsIn(['RECIPIENT', 'THIRD_PARTY'])
  type: 'RECIPIENT' | 'THIRD_PARTY';
}

export class RecipientPayeeV1 extends PayeeV1 {
  declare type: 'RECIPIENT';
  @IsNationalId()
  nationalId: string;
}

export class ThirdPartyPayeeV1 extends PayeeV1 {
  declare type: 'THIRD_PARTY';
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name: string;
  @IsAccountNumber()
  accountNumber: string;
}

export const payeeType = () => PayeeV1;
export const payeeDiscriminator = {
  discriminator: {
    property: 'type',
    subTypes: [
      { value: RecipientPayeeV1, name: 'RECIPIENT' },
      { value: ThirdPartyPayeeV1, name: 'THIRD_PARTY' },
    ],
  },
  keepDiscriminatorProperty: true,
};

/**
 * The requirement kinds v1 carries, written out here: v1 is frozen. A kind the rules gain later is
 * not silently a v1 kind; it needs a v2 (libs/contracts/src/frozen-v1.spec.ts fails until then).
 */
export const REQUIREMENT_KINDS_V1 = ['DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'] as const;
export type RequirementKindV1 = (typeof REQUIREMENT_KINDS_V1)[number];

export class RequirementV1 {
  @IsIn(REQUIREMENT_KINDS_V1 as unknown as string[])
  kind: RequirementKindV1;
}

export class DocumentRequirementV1 extends RequirementV1 {
  declare kind: 'DOCUMENT';
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentType: string;
}

export class AttendanceRequirementV1 extends RequirementV1 {
  declare kind: 'ATTENDANCE';
  @IsCalendarDate()
  periodFrom: string;
  @IsCalendarDate()
  periodTo: string;
  /** One of the two thresholds; the rules check that exactly one is set. */
  @IsOptional()
  @IsInt()
  @Min(0)
  maxUnapprovedAbsenceDays?: number;
  @IsOptional()
  @IsNumber()
  @Min(0.01)
  @Max(1)
  minAttendedShare?: number;
}

export class JobApplicationsRequirementV1 extends RequirementV1 {
  declare kind: 'JOB_APPLICATIONS';
  @IsCalendarDate()
  periodFrom: string;
  @IsCalendarDate()
  periodTo: string;
  @IsInt()
  @Min(1)
  applicationsPerWeek: number;
}

export class ActivityRequirementV1 extends RequirementV1 {
  declare kind: 'ACTIVITY';
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  activity: string;
}

export const requirementType = () => RequirementV1;
export const requirementDiscriminator = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: DocumentRequirementV1, name: 'DOCUMENT' },
      { value: AttendanceRequirementV1, name: 'ATTENDANCE' },
      { value: JobApplicationsRequirementV1, name: 'JOB_APPLICATIONS' },
      { value: ActivityRequirementV1, name: 'ACTIVITY' },
    ],
  },
  keepDiscriminatorProperty: true,
};

export type AnyRequirementV1 = DocumentRequirementV1 | AttendanceRequirementV1 | JobApplicationsRequirementV1 | ActivityRequirementV1;
export type AnyPayeeV1 = RecipientPayeeV1 | ThirdPartyPayeeV1;
