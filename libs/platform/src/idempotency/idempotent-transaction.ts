import { DataSource, EntityManager } from 'typeorm';
import { AlreadyAnswered, IdempotencyClaim, idempotencyClaims } from './idempotency-key';

/**
 * The transaction of a POST that changes state. When the request carries an Idempotency-Key, the key
 * is claimed first in this very transaction and the answer stored in it before commit, so the change
 * and the key commit together or not at all:
 * - a duplicate sent at the same moment waits on the claim, then finds the key taken and answers as
 *   the first (AlreadyAnswered, turned into the stored answer by the interceptor), changing nothing;
 * - a crash before commit leaves neither the change nor the key, so the retry does the work once.
 * Without a key it is an ordinary transaction.
 */
export async function idempotentTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>): Promise<T> {
  const claim = idempotencyClaims.getStore();
  if (!claim || claim.stored) return dataSource.transaction(work);
  return dataSource.transaction(async (manager) => {
    const claimed: unknown[] = await manager.query(
      `INSERT INTO idempotency_key (caller, key, fingerprint, method, path, status)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING key`,
      [claim.caller, claim.key, claim.fingerprint, claim.method, claim.path, claim.status],
    );
    if (claimed.length === 0) throw new AlreadyAnswered();
    const result = await work(manager);
    await manager.query(`UPDATE idempotency_key SET response = $3 WHERE caller = $1 AND key = $2`, [
      claim.caller,
      claim.key,
      JSON.stringify(result ?? null),
    ]);
    claim.stored = true;
    return result;
  });
}

/** The key of the request being handled, if it carries one not yet stored: for a write made outside the request's own call (a group commit). */
export function currentIdempotencyClaim(): IdempotencyClaim | null {
  const claim = idempotencyClaims.getStore();
  return claim && !claim.stored ? claim : null;
}

/** One key per caller: two claims with the same value are the same key. */
export const claimKeyOf = (claim: Pick<IdempotencyClaim, 'caller' | 'key'>) => `${claim.caller}\n${claim.key}`;

/**
 * idempotentTransaction's claim for a group of requests written in one transaction, in one statement.
 * Says per request whether it may go on: false when its key was answered already (the interceptor
 * then answers as that one did). A key twice in one group counts for the first only: the caller should
 * write a repeated key's request after the group commits, as it would have waited on the claim. The keys
 * are claimed in key order, so two groups claiming overlapping keys wait on each other, never deadlock.
 */
export async function claimIdempotencyKeys(manager: EntityManager, claims: Array<IdempotencyClaim | null>): Promise<boolean[]> {
  const owner = new Map<string, number>();
  claims.forEach((claim, i) => {
    if (claim && !owner.has(claimKeyOf(claim))) owner.set(claimKeyOf(claim), i);
  });
  if (owner.size === 0) return claims.map(() => true);
  const proposed = [...owner.values()].map((i) => claims[i]!).sort((a, b) => (claimKeyOf(a) < claimKeyOf(b) ? -1 : 1));
  const column = <K extends keyof IdempotencyClaim>(k: K) => proposed.map((c) => c[k]);
  const won: Array<{ caller: string; key: string }> = await manager.query(
    `INSERT INTO idempotency_key (caller, key, fingerprint, method, path, status)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::smallint[])
     ON CONFLICT DO NOTHING RETURNING caller, key`,
    [column('caller'), column('key'), column('fingerprint'), column('method'), column('path'), column('status')],
  );
  const claimed = new Set(won.map(claimKeyOf));
  return claims.map((claim, i) => !claim || (owner.get(claimKeyOf(claim)) === i && claimed.has(claimKeyOf(claim))));
}

/**
 * Ends claimIdempotencyKeys' claims in the same transaction: a request whose change is kept has its
 * answer stored with it; a refused one changed nothing, so its key is given back and may be sent again.
 */
export async function settleIdempotencyKeys(
  manager: EntityManager,
  settled: Array<{ claim: IdempotencyClaim; answer: unknown; kept: boolean }>,
): Promise<void> {
  const kept = settled.filter((s) => s.kept);
  const refused = settled.filter((s) => !s.kept);
  if (kept.length > 0)
    await manager.query(
      `UPDATE idempotency_key k SET response = a.response
       FROM unnest($1::text[], $2::text[], $3::text[]) AS a(caller, key, response)
       WHERE k.caller = a.caller AND k.key = a.key`,
      [kept.map((s) => s.claim.caller), kept.map((s) => s.claim.key), kept.map((s) => JSON.stringify(s.answer ?? null))],
    );
  if (refused.length > 0)
    await manager.query(
      `DELETE FROM idempotency_key k USING unnest($1::text[], $2::text[]) AS a(caller, key) WHERE k.caller = a.caller AND k.key = a.key`,
      [refused.map((s) => s.claim.caller), refused.map((s) => s.claim.key)],
    );
}
