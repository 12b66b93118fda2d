import { HttpException, Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, NotFound, PEER_URLS, PeerUnavailable, PeerUrls, askPeer, assertOfficeAccess } from '@vf/platform';
import { ConditionCommand, ConditionState, GateChange, PaymentForecast, decideCondition, evolveCondition, gateChangesOf } from '@vf/rules';
import { ConditionEntity } from '../../database/condition.entity';
import { EvidenceEntity } from '../../database/evidence.entity';
import { toState } from '../condition.store';
import { conditionView } from '../condition.view';

/** A payment as payout forecasts it, with the conditions that would still hold it by name. */
export type PaymentForecastView = Omit<PaymentForecast, 'waitingFor'> & {
  ref: string;
  purpose: string;
  dueDate: string;
  waitingFor: Array<{ conditionId: string; ref: string | null; text: string | null }>;
};

export interface PaymentsWhatIfAnswer {
  decisionId: string;
  at: string;
  payments: PaymentForecastView[];
}

/**
 * "What would happen if" (`?dryRun=true`): the condition as the decider would leave it, and what
 * payout would do with the payments it gates. Reads the condition without a lock, decides on a copy,
 * and stores, journals and publishes nothing. A command the rules refuse is refused here too (422/409),
 * exactly as it would be for real.
 */
@Injectable()
export class ConditionPreview {
  private readonly logger = new Logger('what-if');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(PEER_URLS) private readonly peers: PeerUrls,
  ) {}

  async preview(conditionId: string, command: (state: ConditionState) => ConditionCommand, actor: Actor, authorization: string) {
    const row = await this.dataSource.getRepository(ConditionEntity).findOneBy({ id: conditionId });
    if (!row) throw new NotFound('conditionId', 'no condition with this id');
    assertOfficeAccess(actor, row.office);
    const evidence = await this.dataSource.getRepository(EvidenceEntity).find({ where: { conditionId }, order: { seq: 'ASC' } });
    const before = toState(row, evidence);
    const events = decideCondition(command(before), before);
    const after = events.reduce(evolveCondition, before);
    const changes = gateChangesOf(events);
    return {
      dryRun: true as const,
      statusBefore: before.status,
      condition: conditionView(row, after),
      gateChanges: changes.map((c) => c.kind),
      ...(await this.forecast(row, changes, authorization)),
    };
  }

  /**
   * Payout's forecast for the payments the condition gates. No gate change: no payment changes, and
   * payout is not asked. Payout down: said so (`paymentsUnavailable`), the condition's part still answered.
   */
  private async forecast(row: ConditionEntity, changes: GateChange[], authorization: string) {
    const none = {
      payments: [] as PaymentForecastView[],
      paymentsUnavailable: null as string | null,
      paymentsNotKnownToPayout: [] as string[],
    };
    if (changes.length === 0 || row.gatesPaymentIds.length === 0) return none;
    try {
      const answer = await askPeer<PaymentsWhatIfAnswer>(this.peers.payout, `/decisions/${row.decisionId}/payments/what-if`, {
        method: 'POST',
        authorization,
        body: { changes: changes.map(({ kind, conditionId }) => ({ kind, conditionId })) },
      });
      const known = new Set(answer.payments.map((p) => p.paymentId));
      return { ...none, payments: answer.payments, paymentsNotKnownToPayout: row.gatesPaymentIds.filter((id) => !known.has(id)) };
    } catch (e) {
      if (e instanceof HttpException && e.getStatus() === 404) return { ...none, paymentsNotKnownToPayout: row.gatesPaymentIds };
      if (e instanceof PeerUnavailable) {
        this.logger.warn(e.message);
        return { ...none, paymentsUnavailable: 'payout did not answer: which payments would be released is not known' };
      }
      throw e;
    }
  }
}
