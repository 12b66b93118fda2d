import { Body, Controller, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor, DryRun, ParseDryRun, ParseUuid, ResponseStatus } from '@vf/platform';
import { EvidenceBody } from '@vf/rules';
import { ConditionPreview } from '../preview/condition-preview';
import { EVIDENCE_ROUTES } from './evidence-routes';
import { RegisterEvidenceHandler } from './register-evidence.handler';
import {
  ActivityHeldRequest,
  AttendanceListRequest,
  DocumentCoveredRequest,
  DocumentReceivedRequest,
  JobApplicationsRequest,
} from './register-evidence.request.dto';

/** What each route needs besides its body: the actor, `?dryRun=true`, the user's token (for payout's forecast), the response (its status). */
interface Ask {
  actor: Actor;
  dryRun: DryRun;
  authorization: string;
  res: ResponseStatus;
}

/**
 * Used by follow-up veiledere. Each route takes the evidence of one kind for one condition. With
 * `?dryRun=true` it answers (200) what registering would give, and registers nothing.
 */
@Controller('conditions/:conditionId/evidence')
@Allow('veileder')
export class RegisterEvidenceController {
  constructor(
    private readonly handler: RegisterEvidenceHandler,
    private readonly preview: ConditionPreview,
  ) {}

  private register(conditionId: string, body: EvidenceBody, ask: Ask) {
    const now = new Date();
    if (!ask.dryRun) return this.handler.execute({ conditionId, body, actor: ask.actor, requestId: randomUUID(), now });
    ask.res.status(200);
    const evidence = { ...body, evidenceId: randomUUID(), registeredAt: now.toISOString(), registeredBy: ask.actor.ident };
    return this.preview.preview(conditionId, () => ({ type: 'RegisterEvidence', evidence }), ask.actor, ask.authorization);
  }

  @Post('documents')
  @HttpCode(201)
  document(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: DocumentReceivedRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.register(id, EVIDENCE_ROUTES.documents.body(b), { actor, dryRun, authorization, res });
  }

  @Post('covered-documents')
  @HttpCode(201)
  covered(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: DocumentCoveredRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.register(id, EVIDENCE_ROUTES['covered-documents'].body(b), { actor, dryRun, authorization, res });
  }

  @Post('attendance-lists')
  @HttpCode(201)
  attendance(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: AttendanceListRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.register(id, EVIDENCE_ROUTES['attendance-lists'].body(b), { actor, dryRun, authorization, res });
  }

  @Post('job-applications')
  @HttpCode(201)
  jobApplications(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: JobApplicationsRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.register(id, EVIDENCE_ROUTES['job-applications'].body(b), { actor, dryRun, authorization, res });
  }

  @Post('activities')
  @HttpCode(201)
  activity(
    @Param('conditionId', new ParseUuid('conditionId')) id: string,
    @Body() b: ActivityHeldRequest,
    @CurrentActor() actor: Actor,
    @Query('dryRun', new ParseDryRun()) dryRun: DryRun,
    @Headers('authorization') authorization: string,
    @Res({ passthrough: true }) res: ResponseStatus,
  ) {
    return this.register(id, EVIDENCE_ROUTES.activities.body(b), { actor, dryRun, authorization, res });
  }
}
