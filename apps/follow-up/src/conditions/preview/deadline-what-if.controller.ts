import { Body, Controller, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { IsCalendarDate } from '@vf/contracts';
import { Actor, Allow, CurrentActor, ParseUuid } from '@vf/platform';
import { ConditionPreview } from './condition-preview';

export class DeadlineWhatIfRequest {
  @IsCalendarDate()
  deadline: string;
}

/**
 * Read-only, for the decision unit's `?dryRun=true` on a new deadline (asked by the decision service
 * with the user's token): the condition with the deadline moved, and what payout would then do. A
 * breached condition whose evidence already meets it would be fulfilled at once. Changes nothing.
 */
@Controller('conditions/:conditionId/what-if/new-deadline')
@Allow('decision-unit')
export class DeadlineWhatIfController {
  constructor(private readonly preview: ConditionPreview) {}

  @Post()
  @HttpCode(200)
  ask(
    @Param('conditionId', new ParseUuid('conditionId')) conditionId: string,
    @Body() b: DeadlineWhatIfRequest,
    @CurrentActor() actor: Actor,
    @Headers('authorization') authorization: string,
  ) {
    const at = new Date().toISOString();
    return this.preview.preview(
      conditionId,
      () => ({ type: 'MoveDeadline', deadline: b.deadline, at, reason: 'what-if' }),
      actor,
      authorization,
    );
  }
}
