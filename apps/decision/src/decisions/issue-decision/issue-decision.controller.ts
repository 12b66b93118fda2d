import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { ActorIdent } from '@vf/platform';
import { IssueDecisionHandler } from './issue-decision.handler';
import { IssueDecisionRequest } from './issue-decision.request.dto';

@Controller('decisions')
export class IssueDecisionController {
  constructor(private readonly handler: IssueDecisionHandler) {}

  @Post()
  @HttpCode(201)
  issue(@Body() request: IssueDecisionRequest, @ActorIdent() actorIdent: string) {
    return this.handler.execute({ request, actorIdent, requestId: randomUUID(), now: new Date() });
  }
}
