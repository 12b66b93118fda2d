import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { DataSource } from 'typeorm';
import { Cause, causeOfRequest, collectingOutbox } from '@vf/messaging';
import {
  Actor,
  AlreadyAnswered,
  GroupCommit,
  GroupOutcome,
  IdempotencyClaim,
  NotFound,
  OBSERVABILITY,
  Observability,
  assertOfficeAccess,
  claimIdempotencyKeys,
  claimKeyOf,
  currentIdempotencyClaim,
  errorBodyOf,
  settleIdempotencyKeys,
} from '@vf/platform';
import { ConditionEvent, EvidenceBody, conditionDecider, decideCondition, fold } from '@vf/rules';
import { ConditionChange, LoadedCondition, applyConditionChanges, loadConditionsForUpdate } from '../condition.store';
import { conditionView } from '../condition.view';

export interface RegisterEvidenceCommand {
  conditionId: string;
  body: EvidenceBody;
  actor: Actor;
  requestId: string;
  now: Date;
}

export interface RegisteredEvidence {
  evidenceId: string;
  condition: ReturnType<typeof conditionView>;
}

/**
 * The events one piece of evidence makes on its condition, judged on the state given. Refuses (404,
 * 403, or the rules' 409/422) without changing anything. Shared by the single route and the batch.
 */
export function judgeEvidence(
  condition: LoadedCondition | undefined,
  body: EvidenceBody,
  evidenceId: string,
  actor: Actor,
  now: Date,
): { condition: LoadedCondition; events: ConditionEvent[] } {
  if (!condition) throw new NotFound('conditionId', 'no condition with this id');
  assertOfficeAccess(actor, condition.row.office);
  const evidence = { ...body, evidenceId, registeredAt: now.toISOString(), registeredBy: actor.ident };
  return { condition, events: decideCondition({ type: 'RegisterEvidence', evidence }, condition.state) };
}

/** A request's registration as the group writer takes it: what the request's own context gave. */
interface Queued {
  command: RegisterEvidenceCommand;
  cause: Cause;
  claim: IdempotencyClaim | null;
}

/** Most requests in one transaction, and transactions at a time (each of a group). */
const MAX_GROUP = 50;
const WRITERS = 2;

/**
 * Registers one piece of evidence against its own condition and judges that condition again.
 *
 * Requests are written by group commit: those that arrive while earlier ones are being written are
 * then written together, in one transaction with the same few set-based statements a batch uses
 * (issue #10: one piece per request cost a transaction of about ten statements each). A request that
 * arrives when a writer is free is written at once. Each request is still judged on its own, in
 * arrival order (two for one condition one after the other), and answered on its own: a refused one
 * (404, 403, 409, 422) changes nothing and does not hold back the others; its Idempotency-Key is given
 * back as when it was written alone. Should the group's transaction fail, its requests are written
 * again one by one, so a failure stays the failing request's own.
 */
@Injectable()
export class RegisterEvidenceHandler {
  private readonly groups: GroupCommit<Queued, RegisteredEvidence>;

  constructor(
    private readonly dataSource: DataSource,
    @Optional() @Inject(OBSERVABILITY) observability?: Observability,
  ) {
    const sizes = observability?.metrics.groupedWrites.labels({ use_case: 'register-evidence' });
    this.groups = new GroupCommit((group) => this.writeGroup(group), {
      maxGroup: MAX_GROUP,
      writers: WRITERS,
      onGroup: (size) => sizes?.observe(size),
    });
  }

  execute(command: RegisterEvidenceCommand): Promise<RegisteredEvidence> {
    // The request's correlation and key are read here, in its own context; the group is written in another's.
    const cause = causeOfRequest(command.requestId, command.now, command.actor);
    return this.groups.submit({ command, cause, claim: currentIdempotencyClaim() });
  }

  /**
   * A request that carries the key of an earlier one in the group (a client's retry sent before the
   * first was answered) is written after the group commits, as alone it would have waited on that
   * one's claim: it is then answered as the first if the first's change was kept, and judged itself if
   * the first was refused (its key given back).
   */
  private async writeGroup(group: Queued[]): Promise<GroupOutcome<RegisteredEvidence>[]> {
    const keys = new Set<string>();
    const later = group.map(({ claim }) => {
      if (!claim) return false;
      const key = claimKeyOf(claim);
      if (keys.has(key)) return true;
      keys.add(key);
      return false;
    });
    const first = await this.writeTogether(group.filter((_, i) => !later[i]));
    const then = later.includes(true) ? await this.writeGroup(group.filter((_, i) => later[i])) : [];
    return later.map((isLater) => (isLater ? then : first).shift()!);
  }

  private async writeTogether(group: Queued[]): Promise<GroupOutcome<RegisteredEvidence>[]> {
    try {
      const outcomes = await this.dataSource.transaction((manager) =>
        collectingOutbox(manager, async () => {
          const claimed = await claimIdempotencyKeys(
            manager,
            group.map((q) => q.claim),
          );
          const conditions = await loadConditionsForUpdate(
            manager,
            group.filter((_, i) => claimed[i]).map((q) => q.command.conditionId),
          );
          const changes: ConditionChange[] = [];
          const outcomes = group.map((queued, i): GroupOutcome<RegisteredEvidence> => {
            if (!claimed[i]) return { ok: false, error: new AlreadyAnswered() };
            const { command, cause } = queued;
            const evidenceId = randomUUID();
            let judged: ReturnType<typeof judgeEvidence>;
            try {
              judged = judgeEvidence(conditions.get(command.conditionId), command.body, evidenceId, command.actor, command.now);
            } catch (error) {
              if (!errorBodyOf(error)) throw error;
              return { ok: false, error };
            }
            // Judged on the state the requests before it left; all are written together below.
            const { condition, events } = judged;
            const after = fold(conditionDecider, condition.state, events);
            changes.push({ row: condition.row, before: condition.state, events, cause, after });
            condition.state = after;
            return { ok: true, value: { evidenceId, condition: conditionView(condition.row, after) } };
          });
          await applyConditionChanges(manager, changes);
          await settleIdempotencyKeys(
            manager,
            group.flatMap(({ claim }, i) =>
              claim && claimed[i] ? [{ claim, kept: outcomes[i].ok, answer: outcomes[i].ok ? outcomes[i].value : null }] : [],
            ),
          );
          return outcomes;
        }),
      );
      group.forEach(({ claim }, i) => {
        if (claim && outcomes[i].ok) claim.stored = true;
      });
      return outcomes;
    } catch (error) {
      if (group.length === 1) return [{ ok: false, error }];
      const alone: GroupOutcome<RegisteredEvidence>[] = [];
      for (const queued of group) alone.push(...(await this.writeTogether([queued])));
      return alone;
    }
  }
}
