/**
 * Our own JSON Schema (draft-06) for the part of NAV's `digisos-soker.json` that Vilkårsflyt emits.
 * Written from the published format (navikt/soknadsosialhjelp-filformat, json/digisos/soker), not
 * copied: it is stricter than the format (only the hendelse types and fields we send, each field we
 * always send required, no other fields), so a document valid here is also valid there. The tests
 * validate every document the system produces against it with ajv.
 */
const instant = {
  type: 'string',
  description: 'UTC with milliseconds, e.g. 2026-11-30T22:59:59.999Z',
  pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z$',
} as const;
const day = { type: 'string', description: 'a calendar date, YYYY-MM-DD', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' } as const;
const uuid = { type: 'string', pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' } as const;
const text = { type: 'string', minLength: 1 } as const;

/** The fields every hendelse has, and its own. */
function hendelse(type: string, own: Record<string, unknown>, required: string[]) {
  return {
    type: 'object',
    properties: { type: { const: type }, hendelsestidspunkt: instant, ...own },
    required: ['type', 'hendelsestidspunkt', ...required],
    additionalProperties: false,
  };
}

const condition = {
  saksreferanse: uuid,
  utbetalingsreferanse: { type: 'array', items: uuid, uniqueItems: true },
  tittel: text,
  beskrivelse: text,
};

export const DIGISOS_SOKER_SCHEMA_V1 = {
  $schema: 'http://json-schema.org/draft-06/schema#',
  $id: 'https://vilkarsflyt.nav.no/schemas/digisos-soker.v1.json',
  title: 'digisos-soker.json as Vilkårsflyt writes it',
  type: 'object',
  properties: {
    version: { type: 'string', pattern: '^[0-9]+\\.[0-9]+\\.[0-9]+$' },
    avsender: {
      type: 'object',
      properties: { systemnavn: text, systemversjon: text },
      required: ['systemnavn', 'systemversjon'],
      additionalProperties: false,
    },
    hendelser: { type: 'array', minItems: 1, items: { $ref: '#/definitions/hendelse' } },
  },
  required: ['version', 'avsender', 'hendelser'],
  additionalProperties: false,
  definitions: {
    hendelse: {
      oneOf: [
        { $ref: '#/definitions/saksStatus' },
        { $ref: '#/definitions/vedtakFattet' },
        { $ref: '#/definitions/utbetaling' },
        { $ref: '#/definitions/vilkar' },
        { $ref: '#/definitions/dokumentasjonkrav' },
      ],
    },
    saksStatus: hendelse('saksStatus', { referanse: uuid, tittel: text, status: { enum: ['UNDER_BEHANDLING'] } }, [
      'referanse',
      'tittel',
      'status',
    ]),
    vedtakFattet: hendelse(
      'vedtakFattet',
      {
        saksreferanse: uuid,
        utfall: { enum: ['INNVILGET'] },
        vedtaksfil: {
          type: 'object',
          properties: {
            referanse: {
              type: 'object',
              properties: { type: { const: 'dokumentlager' }, id: uuid },
              required: ['type', 'id'],
              additionalProperties: false,
            },
          },
          required: ['referanse'],
          additionalProperties: false,
        },
      },
      ['saksreferanse', 'utfall', 'vedtaksfil'],
    ),
    utbetaling: {
      ...hendelse(
        'utbetaling',
        {
          utbetalingsreferanse: uuid,
          saksreferanse: uuid,
          status: { enum: ['PLANLAGT_UTBETALING', 'UTBETALT', 'STOPPET', 'ANNULLERT'] },
          belop: { type: 'number', exclusiveMinimum: 0 },
          beskrivelse: text,
          forfallsdato: day,
          utbetalingsdato: day,
          annenMottaker: { type: 'boolean' },
          mottaker: text,
        },
        ['utbetalingsreferanse', 'saksreferanse', 'status', 'belop', 'beskrivelse', 'forfallsdato', 'annenMottaker', 'mottaker'],
      ),
      // The day paid comes with UTBETALT, and only with it.
      anyOf: [
        { properties: { status: { const: 'UTBETALT' } }, required: ['utbetalingsdato'] },
        { properties: { status: { enum: ['PLANLAGT_UTBETALING', 'STOPPET', 'ANNULLERT'] } }, not: { required: ['utbetalingsdato'] } },
      ],
    },
    vilkar: hendelse('vilkar', { vilkarreferanse: uuid, ...condition, status: { enum: ['RELEVANT', 'ANNULLERT'] } }, [
      'vilkarreferanse',
      'saksreferanse',
      'utbetalingsreferanse',
      'tittel',
      'beskrivelse',
      'status',
    ]),
    dokumentasjonkrav: hendelse(
      'dokumentasjonkrav',
      { dokumentasjonkravreferanse: uuid, ...condition, frist: instant, status: { enum: ['RELEVANT', 'LEVERT_TIDLIGERE', 'ANNULLERT'] } },
      ['dokumentasjonkravreferanse', 'saksreferanse', 'utbetalingsreferanse', 'tittel', 'beskrivelse', 'frist', 'status'],
    ),
  },
} as const;
