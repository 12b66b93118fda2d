import { randomUUID } from 'crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, ensureDatabase } from '@vf/platform';
import { DigisosSoker } from '@vf/rules';
import { ENTITIES, MIGRATIONS } from '../src/database';
import { recordCondition, recordConditionStatus, recordDecision, refreshDigisosSoker } from '../src/innsyn/innsyn.store';

/**
 * Two transactions refresh one case's Digisos document. The second waits for the first's lock on the
 * document. Once it has the lock, it must build from what the first committed. A statement that
 * waited for a row lock keeps its old snapshot under READ COMMITTED, so the case has to be read after
 * the lock is held.
 */
describe('innsyn: a refresh that waited for the document reads the case as the lock holder left it', () => {
  const base = process.env.PG_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const name = `vf_e2e_${process.env.E2E_DB_TAG ?? ''}innsyn_lock`;
  const url = `${base}/${name}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    const admin = new Client({ connectionString: `${base}/postgres` });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await ensureDatabase(url);
    dataSource = await new DataSource({ ...dataSourceOptions(url, ENTITIES, MIGRATIONS), logging: false }).initialize();
  }, 60_000);

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('shows a document delivered by the transaction it waited for', async () => {
    const caseId = `K-${randomUUID().slice(0, 8)}`;
    const decisionId = randomUUID();
    const conditionId = randomUUID();
    const cause = (at: string) => ({ causationId: randomUUID(), correlationId: randomUUID(), now: new Date(at), actor: null });
    const issuedAt = '2026-11-02T09:00:00.000Z';
    await dataSource.transaction(async (m) => {
      await recordDecision(m, { decisionId, caseId, office: '0301', issuedAt, periodFrom: '2026-11-01', periodTo: '2026-11-30' });
      await recordCondition(
        m,
        decisionId,
        caseId,
        {
          conditionId,
          ref: 'C1',
          text: 'Lever husleiekvittering for november',
          deadline: '2026-11-20',
          requirement: { kind: 'DOCUMENT', documentType: 'RENT_RECEIPT' },
          gatesPaymentIds: [],
        } as never,
        issuedAt,
      );
      await refreshDigisosSoker(m, caseId, issuedAt, cause(issuedAt));
    });
    const krav = async () => {
      const [{ document }]: Array<{ document: DigisosSoker }> = await dataSource.query(
        `SELECT document FROM innsyn_document WHERE case_id = $1`,
        [caseId],
      );
      const statuses = document.hendelser.filter((h) => h.type === 'dokumentasjonkrav').map((h) => (h as { status: string }).status);
      return statuses[statuses.length - 1];
    };
    expect(await krav()).toBe('RELEVANT');

    // The first transaction holds the document's lock and marks the receipt as delivered.
    const first = dataSource.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    await first.query(`SELECT sequence FROM innsyn_document WHERE case_id = $1 FOR UPDATE`, [caseId]);
    const deliveredAt = '2026-11-10T12:00:00.000Z';
    await recordConditionStatus(first.manager, {
      conditionId,
      decisionId,
      caseId,
      status: 'FULFILLED',
      deadline: '2026-11-20',
      at: deliveredAt,
    });

    // The second refreshes meanwhile, and waits for that lock.
    let waited = true;
    const second = dataSource
      .transaction((m) => refreshDigisosSoker(m, caseId, deliveredAt, cause(deliveredAt)))
      .finally(() => (waited = false));
    await new Promise((r) => setTimeout(r, 500));
    expect(waited).toBe(true);

    // The first commits without refreshing; the second must build its document from that commit.
    await first.commitTransaction();
    await first.release();
    await second;
    expect(await krav()).toBe('LEVERT_TIDLIGERE');
  });
});
