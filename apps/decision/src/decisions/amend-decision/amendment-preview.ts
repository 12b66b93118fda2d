import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, NotFound, PEER_URLS, PeerUnavailable, PeerUrls, askPeer, assertOfficeAccess } from '@vf/platform';
import { AmendmentCommand, decideAmendment, gateChangesOfAmendment } from '@vf/rules';
import { DecisionEntity } from '../../database/decision.entity';
import { amendmentState } from './amend-decision.handler';

/**
 * "What would happen if" for the decision unit (`?dryRun=true` on a lift, a new deadline, a reduction):
 * the amendment as the rules would decide it (refused as it would be for real), and which payments
 * payout would then release, with which amounts. A new deadline is asked of follow-up, which knows
 * the evidence and asks payout in turn. Stores, journals and publishes nothing.
 */
@Injectable()
export class AmendmentPreview {
  private readonly logger = new Logger('what-if');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PEER_URLS) private readonly peers: PeerUrls,
  ) {}

  async preview(decisionId: string, command: AmendmentCommand, reason: string, actor: Actor, authorization: string) {
    const decision = await this.dataSource.getRepository(DecisionEntity).findOneBy({ id: decisionId });
    if (!decision) throw new NotFound('decisionId', 'no decision with this id');
    assertOfficeAccess(actor, decision.office);
    const amendment = decideAmendment(command, amendmentState(decision), reason);
    const base = {
      dryRun: true as const,
      amendment,
      condition: null as unknown,
      payments: [] as unknown[],
      paymentsUnavailable: null as string | null,
    };
    try {
      if (amendment.kind === 'DEADLINE_MOVED') {
        const answer = await askPeer<{ condition: unknown; payments: unknown[]; paymentsUnavailable: string | null }>(
          this.peers['follow-up'],
          `/conditions/${amendment.conditionId}/what-if/new-deadline`,
          { method: 'POST', authorization, body: { deadline: amendment.deadline } },
        );
        return { ...base, condition: answer.condition, payments: answer.payments, paymentsUnavailable: answer.paymentsUnavailable };
      }
      const changes = gateChangesOfAmendment(amendment, reason);
      if (changes.length === 0) return base;
      const answer = await askPeer<{ payments: unknown[] }>(this.peers.payout, `/decisions/${decisionId}/payments/what-if`, {
        method: 'POST',
        authorization,
        body: {
          changes: changes.map(({ kind, conditionId, ...rest }) => ({
            kind,
            conditionId,
            ...('paymentId' in rest ? { paymentId: rest.paymentId, toOre: rest.toOre } : {}),
          })),
        },
      });
      return { ...base, payments: answer.payments };
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 404)
        return { ...base, paymentsUnavailable: 'not known there yet: the decision is still on its way' };
      if (e instanceof PeerUnavailable) {
        this.logger.warn(e.message);
        return { ...base, paymentsUnavailable: 'the other services did not answer: which payments would be released is not known' };
      }
      throw e;
    }
  }
}
