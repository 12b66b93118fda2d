import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { Actor, Allow, CurrentActor } from '@vf/platform';
import { RegisterEvidenceBatchHandler } from './register-evidence-batch.handler';
import { EvidenceBatchRequest, evidenceOfItems } from './register-evidence-batch.request.dto';

/**
 * Used by follow-up veiledere and the systems they import from: many pieces of evidence in one
 * request (a provider's attendance lists for a district, a week's job applications for many cases),
 * all registered or none. Each item is what its kind's own route takes.
 */
@Controller('evidence-batches')
@Allow('veileder')
export class RegisterEvidenceBatchController {
  constructor(private readonly handler: RegisterEvidenceBatchHandler) {}

  @Post()
  @HttpCode(201)
  register(@Body() b: EvidenceBatchRequest, @CurrentActor() actor: Actor) {
    const items = evidenceOfItems(b.items);
    return this.handler.execute({ items, actor, requestId: randomUUID(), now: new Date() });
  }
}
