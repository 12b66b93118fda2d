import Ajv from 'ajv';
import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { InnsynCase, nextDigisosSoker } from '@vf/rules';
import { DIGISOS_SOKER_SCHEMA_V1 } from './digisos-soker.schema';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8')));
const validate = ajv.compile(DIGISOS_SOKER_SCHEMA_V1);
const errors = (doc: unknown) => (validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

const [D, P1, P2, C1, C2] = [randomUUID(), randomUUID(), randomUUID(), randomUUID(), randomUUID()];
const avsender = { systemnavn: 'Vilkårsflyt', systemversjon: '0.1.0' };
function november(): InnsynCase {
  return {
    decisions: [{ decisionId: D, issuedAt: '2026-11-01T09:00:00.000Z', periodFrom: '2026-11-01', periodTo: '2026-11-30' }],
    payments: [
      {
        paymentId: P1,
        decisionId: D,
        ref: 'P1',
        purpose: 'RENT',
        amountOre: 850_050,
        dueDate: '2026-12-01',
        payee: { type: 'THIRD_PARTY', name: 'Utleier Eiendom AS' },
        status: 'PAID',
        paidOn: '2026-11-23',
        gates: { [C1]: { how: 'MET', at: '2026-11-20T10:00:00.000Z' } },
      },
      {
        paymentId: P2,
        decisionId: D,
        ref: 'P2',
        purpose: 'LIVING_COSTS',
        amountOre: 785_000,
        dueDate: '2026-12-01',
        payee: { type: 'RECIPIENT' },
        status: 'HELD',
        paidOn: null,
        gates: { [C2]: null },
      },
    ],
    conditions: [
      {
        conditionId: C1,
        decisionId: D,
        kind: 'DOCUMENT',
        text: 'Lever kvittering.',
        deadline: '2026-11-30',
        status: 'FULFILLED',
        statusAt: '2026-11-20T10:00:00.000Z',
      },
      {
        conditionId: C2,
        decisionId: D,
        kind: 'ATTENDANCE',
        text: 'Møt på kurset.',
        deadline: '2026-11-30',
        status: 'OPEN',
        statusAt: '2026-11-01T09:00:00.000Z',
      },
    ],
  };
}

describe('DIGISOS_SOKER_SCHEMA_V1, our own schema of what we emit', () => {
  const doc = nextDigisosSoker(null, november(), new Date('2026-11-01T09:00:00.000Z'), avsender).document;

  it('accepts a document the rules produce', () => {
    expect(errors(doc)).toEqual([]);
  });

  it('refuses a document without hendelser, or without avsender', () => {
    expect(errors({ ...doc, hendelser: [] })).not.toEqual([]);
    const { avsender: _a, ...rest } = doc;
    expect(errors(rest)).toEqual([" must have required property 'avsender'"]);
  });

  it('refuses a status outside the type’s own enum, and a field the type does not have', () => {
    const bad = structuredClone(doc);
    const vilkar = bad.hendelser.find((h) => h.type === 'vilkar')!;
    (vilkar as { status: string }).status = 'LEVERT_TIDLIGERE'; // only dokumentasjonkrav has it
    expect(validate(bad)).toBe(false);
    const extra = structuredClone(doc);
    (extra.hendelser[0] as unknown as unknown as Record<string, unknown>).fodselsnummer = '01810012311';
    expect(validate(extra)).toBe(false);
  });

  it('wants utbetalingsdato with UTBETALT and nowhere else, and an instant with milliseconds in UTC', () => {
    const paid = structuredClone(doc);
    const p1 = paid.hendelser.find((h) => h.type === 'utbetaling' && h.status === 'UTBETALT') as unknown as Record<string, unknown>;
    delete p1.utbetalingsdato;
    expect(validate(paid)).toBe(false);
    const planned = structuredClone(doc);
    (
      planned.hendelser.find((h) => h.type === 'utbetaling' && h.status === 'PLANLAGT_UTBETALING') as unknown as Record<string, unknown>
    ).utbetalingsdato = '2026-11-23';
    expect(validate(planned)).toBe(false);
    const local = structuredClone(doc);
    local.hendelser[0].hendelsestidspunkt = '2026-11-01T10:00:00+01:00';
    expect(validate(local)).toBe(false);
  });
});
