import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor } from '@vf/platform';
import { IssueDecisionHandler } from './issue-decision.handler';
import { IssueDecisionRequest } from './issue-decision.request.dto';

@Controller('decisions')
export class IssueDecisionController {
  constructor(private readonly handler: IssueDecisionHandler) {}

  @Post()
  @HttpCode(201)
  @Allow('decision-unit')
  issue(@Body() request: IssueDecisionRequest, @CurrentActor() actor: Actor) {
    return this.handler.execute({ request, actor, requestId: randomUUID(), now: new Date() });
  }
}
