/**
 * The chaos run's steady load, over HTTP with dev tokens: the decision unit issues decisions, and a
 * veileder registers evidence of every kind for their conditions. Each decision has two payments and
 * two conditions: C1 gates P1, C2 gates P1 and P2. Each condition is, at random, met at once, met
 * after evidence that falls short, or never met (evidence that does not meet it, or none). So the
 * load knows which payments must be released and which must stay held.
 *
 * A request is retried until it is answered 2xx (a service killed mid-request, a database or broker
 * restarting, a condition follow-up has not learned yet). Every retry is safe to repeat: evidence is
 * judged by content (the same document, list or application again changes nothing), and a decision
 * issued twice after a lost answer is a second decision with no evidence, which must stay held.
 */
import { randomUUID } from 'crypto';
import { DEV_AUDIENCE, DEV_ISSUER, ensureDevKeys, signToken } from '@vf/platform';
import { LANDLORD_ACCOUNT, LoadExpectation, RECIPIENT, fixtureDeadline } from '@vf/testing';
import { sleep } from './processes';

type Kind = 'DOCUMENT' | 'ATTENDANCE' | 'JOB_APPLICATIONS' | 'ACTIVITY';
type Outcome = 'MEET' | 'SHORT_THEN_MEET' | 'NEVER';
const KINDS: Kind[] = ['DOCUMENT', 'ATTENDANCE', 'JOB_APPLICATIONS', 'ACTIVITY'];

export interface LoadOptions {
  decisionUrl: string;
  followUpUrl: string;
  keysDir: string;
  /** New decisions per second. */
  rate: number;
  /** Decisions whose requests are under way at once, at most. */
  inflight: number;
  /** A request not answered 2xx within this long is given up (the decision is then left out of the expectations). */
  giveUpMs: number;
  random: () => number;
}

export interface LoadStats {
  decisionsAcknowledged: number;
  evidenceAcknowledged: number;
  requests: number;
  retries: number;
  networkErrors: number;
  byStatus: Record<string, number>;
  givenUp: number;
  /** Answers a correct request must never get (a 4xx other than 404 while follow-up catches up). */
  unexpected: string[];
}

/** The part of POST /decisions' answer the load uses. */
interface IssuedDecision {
  decisionId: string;
  payments: Array<{ ref: string; paymentId: string }>;
  conditions: Array<{ ref: string; conditionId: string }>;
}

interface Step {
  path: string;
  body: unknown;
  meets: boolean;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)];

function requirement(kind: Kind) {
  switch (kind) {
    case 'DOCUMENT':
      return { kind, documentType: 'RENT_RECEIPT' };
    case 'ATTENDANCE':
      return { kind, periodFrom: '2026-11-02', periodTo: '2026-11-06', maxUnapprovedAbsenceDays: 1 };
    case 'JOB_APPLICATIONS':
      return { kind, periodFrom: '2026-11-09', periodTo: '2026-11-15', applicationsPerWeek: 2 };
    case 'ACTIVITY':
      return { kind, activity: 'Samtale om arbeidsrettet aktivitet' };
  }
}

const attendance = (days: string[], unapproved: string[] = []) => ({
  path: 'attendance-lists',
  body: {
    provider: 'Oslo voksenopplæring',
    signedBy: 'Kari Nordmann',
    signedOn: '2026-11-06',
    entries: days.map((d) => ({ date: `2026-11-${d}`, status: unapproved.includes(d) ? 'UNAPPROVED_ABSENCE' : 'PRESENT' })),
  },
});
const applications = (days: number[]) => ({
  path: 'job-applications',
  body: { applications: days.map((d) => ({ employer: `Arbeidsgiver ${d}`, position: 'Lager', sentOn: `2026-11-${d}`, channel: 'EMAIL' })) },
});

/**
 * The evidence for one condition, in order. Evidence that falls short never contradicts the evidence
 * that meets after it (the same days present, the same applications), so a late retry of it changes nothing.
 */
function steps(kind: Kind, outcome: Outcome, random: () => number): Step[] {
  const short = (s: { path: string; body: unknown }): Step => ({ ...s, meets: false });
  const meets = (s: { path: string; body: unknown }): Step => ({ ...s, meets: true });
  switch (kind) {
    case 'DOCUMENT': {
      const rejected = short({
        path: 'documents',
        body: {
          documentType: 'RENT_RECEIPT',
          receivedOn: '2026-11-20',
          outcome: 'REJECTED',
          rejectionReason: 'Kvitteringen mangler beløp',
        },
      });
      const accepted =
        random() < 0.5
          ? meets({ path: 'documents', body: { documentType: 'RENT_RECEIPT', receivedOn: '2026-11-21', outcome: 'ACCEPTED' } })
          : meets({
              path: 'covered-documents',
              body: { coveredBy: 'Husleiekontrakt levert 01.11.2026', note: 'Kontrakten viser betalt husleie' },
            });
      return outcome === 'NEVER' ? [rejected] : outcome === 'SHORT_THEN_MEET' ? [rejected, accepted] : [accepted];
    }
    case 'ATTENDANCE': {
      const all = ['02', '03', '04', '05', '06'];
      const full = meets(attendance(all, random() < 0.5 ? ['06'] : []));
      if (outcome === 'NEVER') return [short(attendance(all, ['04', '05', '06']))];
      return outcome === 'SHORT_THEN_MEET' ? [short(attendance(['02', '03'])), full] : [full];
    }
    case 'JOB_APPLICATIONS':
      if (outcome === 'NEVER') return [short(applications([10]))];
      return outcome === 'SHORT_THEN_MEET' ? [short(applications([10])), meets(applications([10, 12]))] : [meets(applications([10, 11]))];
    case 'ACTIVITY':
      // An activity is held or not: nothing falls short of it, and "never" registers nothing.
      return outcome === 'NEVER'
        ? []
        : [meets({ path: 'activities', body: { heldOn: '2026-11-20', note: 'Samtale gjennomført på NAV-kontoret' } })];
  }
}

export class Load {
  readonly expectations: LoadExpectation[] = [];
  readonly stats: LoadStats = {
    decisionsAcknowledged: 0,
    evidenceAcknowledged: 0,
    requests: 0,
    retries: 0,
    networkErrors: 0,
    byStatus: {},
    givenUp: 0,
    unexpected: [],
  };
  private running = false;
  private loop: Promise<void> | null = null;
  private readonly flows = new Set<Promise<void>>();
  private readonly headers: { unit: Record<string, string>; veileder: Record<string, string> };

  constructor(private readonly o: LoadOptions) {
    const keys = ensureDevKeys(o.keysDir);
    const token = (ident: string, role: string) =>
      signToken(keys.privateKeyPem, {
        ident,
        roles: [role],
        offices: ['0301'],
        issuer: DEV_ISSUER,
        audience: DEV_AUDIENCE,
        ttlSeconds: 24 * 3600,
      });
    this.headers = {
      unit: { 'content-type': 'application/json', authorization: `Bearer ${token('Z100001', 'decision-unit')}` },
      veileder: { 'content-type': 'application/json', authorization: `Bearer ${token('Z200002', 'veileder')}` },
    };
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      const gap = 1000 / this.o.rate;
      for (let next = Date.now(); this.running; next += gap) {
        while (this.flows.size >= this.o.inflight && this.running) await Promise.race(this.flows);
        if (!this.running) break;
        const flow = this.flow().finally(() => this.flows.delete(flow));
        this.flows.add(flow);
        const wait = next + gap - Date.now();
        if (wait > 0) await sleep(wait);
        else next = Date.now();
      }
    })();
  }

  /** No new decisions; resolves when those under way are done. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await Promise.all([...this.flows]);
  }

  get inFlight(): number {
    return this.flows.size;
  }

  /** POST until answered 2xx; null when given up or answered with something a correct request never gets. */
  private async post(url: string, body: unknown, headers: Record<string, string>): Promise<unknown> {
    const giveUpAt = Date.now() + this.o.giveUpMs;
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        if (Date.now() > giveUpAt) {
          this.stats.givenUp++;
          return null;
        }
        await sleep(Math.min(2000, 100 * attempt) + Math.floor(this.o.random() * 100));
      }
      this.stats.requests++;
      let res: Response;
      try {
        res = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) });
      } catch {
        this.stats.networkErrors++;
        continue;
      }
      this.stats.byStatus[res.status] = (this.stats.byStatus[res.status] ?? 0) + 1;
      const json = await res.json().catch(() => null);
      if (res.ok) return json;
      // 404: follow-up has not learned of the decision yet (it does from decision-issued). 5xx: down or restarting.
      if (res.status === 404 || res.status >= 500 || res.status === 429) continue;
      this.stats.unexpected.push(`${res.status} from POST ${new URL(url).pathname}: ${JSON.stringify(json)}`);
      return null;
    }
  }

  private async flow(): Promise<void> {
    const random = this.o.random;
    const plan = [0, 1].map(() => {
      const kind = pick(random, KINDS);
      const r = random();
      const outcome: Outcome = r < 0.55 ? 'MEET' : r < 0.8 ? 'SHORT_THEN_MEET' : 'NEVER';
      return { kind, outcome };
    });
    const deadline = fixtureDeadline();
    const body = {
      caseId: `KAOS-${randomUUID().slice(0, 8)}`,
      office: '0301',
      recipientNationalId: RECIPIENT,
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      reductionOnBreachAnnounced: false,
      payments: [
        {
          ref: 'P1',
          purpose: 'RENT',
          amountOre: 850_000,
          dueDate: '2026-12-01',
          payee: { type: 'THIRD_PARTY', name: 'Utleier Eiendom AS', accountNumber: LANDLORD_ACCOUNT },
        },
        {
          ref: 'P2',
          purpose: 'LIVING_COSTS',
          amountOre: 785_000,
          dueDate: '2026-12-01',
          payee: { type: 'RECIPIENT', nationalId: RECIPIENT },
        },
      ],
      conditions: plan.map((c, i) => ({
        ref: `C${i + 1}`,
        text: `Vilkår ${i + 1} i kaoskjøringen`,
        deadline,
        requirement: requirement(c.kind),
        gates: i === 0 ? ['P1'] : ['P1', 'P2'],
      })),
    };
    const headers = { ...this.headers.unit, 'idempotency-key': randomUUID() };
    const decision = (await this.post(`${this.o.decisionUrl}/decisions`, body, headers)) as IssuedDecision | null;
    if (!decision) return;
    this.stats.decisionsAcknowledged++;
    const id = <T extends { ref: string }>(list: T[], r: string) => list.find((x) => x.ref === r)!;
    const conditionIds = ['C1', 'C2'].map((r) => id(decision.conditions, r).conditionId);
    const paymentIds = ['P1', 'P2'].map((r) => id(decision.payments, r).paymentId);

    const results = await Promise.all(
      plan.map(async (c, i) => {
        let meetingEvidenceSentAt: number | null = null;
        for (const step of steps(c.kind, c.outcome, random)) {
          await sleep(Math.floor(random() * 800));
          const sentAt = Date.now();
          const answer = await this.post(
            `${this.o.followUpUrl}/conditions/${conditionIds[i]}/evidence/${step.path}`,
            step.body,
            this.headers.veileder,
          );
          if (!answer) return null;
          this.stats.evidenceAcknowledged++;
          if (step.meets && meetingEvidenceSentAt === null) meetingEvidenceSentAt = sentAt;
        }
        return { conditionId: conditionIds[i], met: c.outcome !== 'NEVER', meetingEvidenceSentAt };
      }),
    );
    // Evidence given up on: the condition's fate is not known here; the end count still covers it from follow-up.
    if (results.some((r) => r === null)) return;
    const [c1, c2] = results as NonNullable<(typeof results)[number]>[];
    const decisionId = decision.decisionId;
    this.expectations.push(
      { paymentId: paymentIds[0], decisionId, release: c1.met && c2.met, conditions: [c1, c2] },
      { paymentId: paymentIds[1], decisionId, release: c2.met, conditions: [c2] },
    );
  }
}
