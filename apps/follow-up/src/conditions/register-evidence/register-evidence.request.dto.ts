import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { IsCalendarDate } from '@vf/contracts';
import { ATTENDANCE_STATUSES, AttendanceStatus } from '@vf/rules';

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
}

export class AttendanceEntryRequest {
  @IsCalendarDate()
  date: string;

  @IsIn(ATTENDANCE_STATUSES as AttendanceStatus[])
  status: AttendanceStatus;
}

/** Frammøteliste: one entry per day, signed by the teacher or provider. */
export class AttendanceListRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  provider: string;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(400)
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
}

export class JobApplicationsRequest {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
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
