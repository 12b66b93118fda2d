import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDate } from '@vf/contracts';
import {
  APPLICATION_CHANNELS,
  APPROVED_ABSENCE_REASONS,
  ATTENDANCE_STATUSES,
  ApplicationChannel,
  ApprovedAbsenceReason,
  AttendanceStatus,
} from '@vf/rules';

/** A document the veileder has read: accepted, or rejected with the reason the recipient will see. */
export class DocumentReceivedRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  documentType: string;

  @IsCalendarDate()
  receivedOn: string;

  /** Where the copy is kept (archive or journal reference). */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reference?: string;

  @IsIn(['ACCEPTED', 'REJECTED'])
  outcome: 'ACCEPTED' | 'REJECTED';

  @IsOptional()
  @IsString()
  @MaxLength(2000)
  rejectionReason?: string;
}

/** "Delivered earlier / covered by another document". */
export class DocumentCoveredRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  coveredBy: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  note: string;
}

export class AttendanceEntryRequest {
  @IsCalendarDate()
  date: string;

  @IsIn(ATTENDANCE_STATUSES as AttendanceStatus[])
  status: AttendanceStatus;

  @IsOptional()
  @IsIn(APPROVED_ABSENCE_REASONS as ApprovedAbsenceReason[])
  reason?: ApprovedAbsenceReason;
}

/** Frammøteliste: one entry per day, signed by the teacher or provider. */
export class AttendanceListRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  provider: string;

  /** Who signed the list (teacher or the provider's contact). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  signedBy: string;

  @IsCalendarDate()
  signedOn: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => AttendanceEntryRequest)
  entries: AttendanceEntryRequest[];
}

export class JobApplicationRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  employer: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  position: string;

  @IsCalendarDate()
  sentOn: string;

  @IsIn(APPLICATION_CHANNELS as ApplicationChannel[])
  channel: ApplicationChannel;

  @IsOptional()
  @IsString()
  @MaxLength(200)
  copyReference?: string;
}

export class JobApplicationsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsObject({ each: true, message: 'each must be an object' })
  @ValidateNested({ each: true })
  @Type(() => JobApplicationRequest)
  applications: JobApplicationRequest[];
}

export class ActivityHeldRequest {
  @IsCalendarDate()
  heldOn: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  note: string;
}
