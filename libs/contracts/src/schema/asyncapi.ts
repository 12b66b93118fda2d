import { DeadLetterV1 } from '../dead-letter.v1';
import { EnvelopeShapeV1, PAYLOAD_CLASSES, isEventTopic } from '../envelope';
import { TOPIC_CATALOGUE } from '../topic-catalogue';
import { EVENT_TYPES, TOPICS, Topic } from '../topics';
import { JsonSchema, SchemaCollector } from './class-schema';

/**
 * The AsyncAPI 3 document of every topic, generated from the contracts: TOPICS, the envelope and
 * payload classes (their class-validator metadata, which parseEvent validates with), and
 * TOPIC_CATALOGUE (keys, producers). `consumers`: the topics each service subscribes to, from the
 * services' handler maps. Written to docs/asyncapi.yaml by `npm run docs:generate`.
 */
export function asyncApiDocument(consumers: Record<string, readonly string[]>): { document: JsonSchema; unknownValidators: string[] } {
  const schemas = new SchemaCollector({ dialect: 'json-schema', refPrefix: '#/components/schemas/', closed: false });
  const channels: Record<string, JsonSchema> = {};
  const messages: Record<string, JsonSchema> = {};
  const operations: Record<string, JsonSchema> = {};

  for (const [id, topic] of Object.entries(TOPICS) as Array<[string, Topic]>) {
    const about = TOPIC_CATALOGUE[topic];
    let payload: JsonSchema;
    let payloadSchema: JsonSchema;
    if (isEventTopic(topic)) {
      const payloadClass = PAYLOAD_CLASSES[topic];
      const fields: Record<string, JsonSchema> = {};
      for (const [field, { name, schema }] of Object.entries(about.fieldSchemas ?? {})) {
        schemas.schemas[name] = embedded(schema, `#/components/schemas/${name}`);
        fields[field] = { $ref: `#/components/schemas/${name}` };
      }
      schemas.ref(payloadClass, fields);
      const name = `${payloadClass.name}Message`;
      schemas.schemas[name] = {
        description: `The envelope every event travels in, with a ${EVENT_TYPES[topic]} payload.`,
        ...schemas.schemaOf(EnvelopeShapeV1, {
          type: { type: 'string', enum: [EVENT_TYPES[topic]] },
          payload: schemas.ref(payloadClass),
        }),
      };
      payloadSchema = schemas.schemas[payloadClass.name];
      payload = { $ref: `#/components/schemas/${name}` };
    } else {
      payload = schemas.ref(DeadLetterV1);
      payloadSchema = schemas.schemas[DeadLetterV1.name];
    }
    const keyFromPayload = about.keyField ? (payloadSchema.properties as Record<string, JsonSchema>)[about.keyField] : undefined;
    const key: JsonSchema = { ...(keyFromPayload ?? { type: 'string' }), description: `the message key: ${about.key}` };

    messages[id] = {
      name: EVENT_TYPES[topic],
      title: EVENT_TYPES[topic],
      summary: about.summary,
      contentType: 'application/json',
      payload,
      bindings: { kafka: { key, bindingVersion: '0.5.0' } },
    };
    const subscribers = Object.entries(consumers)
      .filter(([, topics]) => topics.includes(topic))
      .map(([service]) => service);
    channels[id] = {
      address: topic,
      title: topic,
      description: [
        about.summary,
        `Key: ${about.key}.`,
        `Produced by: ${about.producers.join(', ')}.`,
        `Consumed by: ${[...subscribers, ...about.externalConsumers].join(', ') || 'nobody yet'}.`,
      ].join(' '),
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    const operation = (action: 'send' | 'receive', who: string): JsonSchema => ({
      action,
      title: `${who} ${action === 'send' ? 'produces' : 'consumes'} ${EVENT_TYPES[topic]}`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    });
    for (const producer of about.producers) operations[`${slug(producer)}.send.${id}`] = operation('send', producer);
    for (const service of subscribers) operations[`${slug(service)}.receive.${id}`] = operation('receive', service);
    for (const reader of about.externalConsumers) operations[`${slug(reader)}.receive.${id}`] = operation('receive', reader);
  }

  const document: JsonSchema = {
    asyncapi: '3.0.0',
    info: {
      title: 'Vilkårsflyt events',
      version: '1',
      description: [
        'Kafka topics between the decision, follow-up and payout services and the payment team. Generated from libs/contracts by `npm run docs:generate`; do not edit by hand.',
        '',
        'A topic carries one version of one event type; a change a reader would notice is a new topic (…v2), never an edit of v1.',
        'Every event travels in the envelope {eventId, type, occurredAt, causationId, correlationId, producer, actor, payload}, validated against its contract when consumed;',
        'a message that is not JSON or breaks its contract goes whole to vilkarsflyt.dead-letter.v1 with the field errors.',
        'Money is integer øre; days are calendar dates YYYY-MM-DD meant in Europe/Oslo; instants are ISO 8601 with a zone.',
      ].join('\n'),
    },
    defaultContentType: 'application/json',
    servers: {
      kafka: { host: 'kafka:9092', protocol: 'kafka', description: 'The brokers in KAFKA_BROKERS (plaintext in development).' },
    },
    channels,
    operations,
    components: { messages, schemas: sortKeys(schemas.schemas) },
  };
  return { document, unknownValidators: schemas.unknown };
}

/** A JSON Schema of its own, placed in components: its root-relative references re-pointed, its $schema and $id dropped. */
function embedded(schema: object, at: string): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
  return JSON.parse(JSON.stringify(rest).replace(/"\$ref":"#\//g, `"$ref":"${at}/`));
}

const slug = (who: string) =>
  who
    .toLowerCase()
    .replace(/\(.*\)/, '')
    .trim()
    .replace(/[^a-z0-9]+/g, '-');

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((k) => [k, record[k]]),
  );
}
