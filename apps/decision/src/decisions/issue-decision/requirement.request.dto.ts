import { IsInt, Max, Min } from 'class-validator';
import {
  ActivityRequirementV1,
  AttendanceRequirementV1,
  DocumentRequirementV1,
  JobApplicationsRequirementV1,
  RequirementV1,
} from '@vf/contracts';

/**
 * A condition's requirement as a request may state it: the v1 contract's shape (frozen), with upper
 * bounds on its numbers that the contract does not carry, so that no request stores a number no
 * condition could mean (or a database column could not hold).
 */
/**
 * Adds validators to a field a subclass inherits. class-validator drops the inherited validators of a
 * field once the subclass has any of its own, so the contract's are given again with the bound.
 * (Applied, not written above a redeclared field: with ES2022 class fields that would shadow the contract's.)
 */
function refine(cls: { prototype: object }, field: string, ...validators: PropertyDecorator[]): void {
  for (const v of validators) v(cls.prototype, field);
}

export class AttendanceRequirementRequest extends AttendanceRequirementV1 {}
/** A year of course days at most. */
refine(AttendanceRequirementRequest, 'maxUnapprovedAbsenceDays', IsInt(), Min(0), Max(366));

export class JobApplicationsRequirementRequest extends JobApplicationsRequirementV1 {}
refine(JobApplicationsRequirementRequest, 'applicationsPerWeek', IsInt(), Min(1), Max(50));

export const requirementRequestType = () => RequirementV1;
export const requirementRequestDiscriminator = {
  discriminator: {
    property: 'kind',
    subTypes: [
      { value: DocumentRequirementV1, name: 'DOCUMENT' },
      { value: AttendanceRequirementRequest, name: 'ATTENDANCE' },
      { value: JobApplicationsRequirementRequest, name: 'JOB_APPLICATIONS' },
      { value: ActivityRequirementV1, name: 'ACTIVITY' },
    ],
  },
  keepDiscriminatorProperty: true,
};
