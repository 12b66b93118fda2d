import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { EvidenceBody } from '@vf/rules';
import { RegisterEvidenceHandler } from './register-evidence.handler';
import {
  ActivityHeldRequest,
  AttendanceListRequest,
  DocumentCoveredRequest,
  DocumentReceivedRequest,
  JobApplicationsRequest,
} from './register-evidence.request.dto';

/** Used by follow-up veiledere. Each route takes the evidence of one kind for one condition. */
@Controller('conditions/:conditionId/evidence')
@Allow('veileder')
export class RegisterEvidenceController {
  constructor(private readonly handler: RegisterEvidenceHandler) {}

  private register(conditionId: string, body: EvidenceBody, actor: Actor) {
    return this.handler.execute({ conditionId, body, actor, requestId: randomUUID(), now: new Date() });
  }

  @Post('documents')
  @HttpCode(201)
  document(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: DocumentReceivedRequest,
    @CurrentActor() actor: Actor,
  ) {
    const { documentType, receivedOn, reference, outcome, rejectionReason } = b;
    return this.register(id, { kind: 'DOCUMENT_RECEIVED', documentType, receivedOn, reference, outcome, rejectionReason }, actor);
  }

  @Post('covered-documents')
  @HttpCode(201)
  covered(@Param('conditionId', new ParseUuid('conditionId')) id: string, @Body() b: DocumentCoveredRequest, @CurrentActor() actor: Actor) {
    return this.register(id, { kind: 'DOCUMENT_COVERED', coveredBy: b.coveredBy, note: b.note }, actor);
  }

  @Post('attendance-lists')
  @HttpCode(201)
  attendance(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: AttendanceListRequest,
    @CurrentActor() actor: Actor,
  ) {
    const entries = b.entries.map((e) => ({ date: e.date, status: e.status, ...(e.reason ? { reason: e.reason } : {}) }));
    return this.register(id, { kind: 'ATTENDANCE_LIST', provider: b.provider, signedBy: b.signedBy, signedOn: b.signedOn, entries }, actor);
  }

  @Post('job-applications')
  @HttpCode(201)
  jobApplications(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: JobApplicationsRequest,
    @CurrentActor() actor: Actor,
  ) {
    const applications = b.applications.map(({ employer, position, sentOn, channel, copyReference }) => ({
      employer,
      position,
      sentOn,
      channel,
      copyReference,
    }));
    return this.register(id, { kind: 'JOB_APPLICATIONS', applications }, actor);
  }

  @Post('activities')
  @HttpCode(201)
  activity(@Param('conditionId', new ParseUuid('conditionId')) id: string, @Body() b: ActivityHeldRequest, @CurrentActor() actor: Actor) {
    return this.register(id, { kind: 'ACTIVITY_HELD', heldOn: b.heldOn, note: b.note }, actor);
  }
}
