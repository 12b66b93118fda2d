import { DataSource, EntityManager } from 'typeorm';
import { AlreadyAnswered, idempotencyClaims } from './idempotency-key';

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
