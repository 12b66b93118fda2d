// Dead letters, for the decision unit's operators: what was dead-lettered and why, and a repaired
// message sent back to its topic, exactly once in effect.
//
//   npm run dead-letters -- list
//   npm run dead-letters -- show <partition:offset>                     the original message, to repair (holds personal data)
//   npm run dead-letters -- replay <partition:offset> --file fixed.json  a repaired message (--file - reads stdin)
//   npm run dead-letters -- replay <partition:offset> --as-is           the original as it was (the cause was elsewhere)
//   … replay … --again                                                  send again although the record says it was (consumers still skip it)
//
// <offset> alone is enough when only one partition has it. KAFKA_BROKERS as for the services.
// Exit codes: 0 done, 1 usage or error, 2 refused (does not pass its contract), 3 already replayed.
import { readFileSync } from 'fs';
// The two files it needs, not @vf/messaging's index: that would load Nest and TypeORM, seconds of start-up for nothing.
import { ReplayRefused, listDeadLetters, replayDeadLetter } from '../libs/messaging/src/dead-letters';
import { createKafka } from '../libs/messaging/src/kafka';

const USAGE = 'usage: dead-letters list | show <partition:offset> | replay <partition:offset> (--file <path>|- | --as-is) [--again]';

function position(arg: string | undefined): { partition?: number; offset: string } {
  const m = /^(?:(\d+):)?(\d+)$/.exec(arg ?? '');
  if (!m) throw new Usage(`a dead letter is named <partition>:<offset> or <offset>, e.g. 1:42\n${USAGE}`);
  return { partition: m[1] === undefined ? undefined : Number(m[1]), offset: m[2] };
}

class Usage extends Error {}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const kafka = createKafka({ brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','), clientId: 'vilkarsflyt-dead-letters' });
  if (command === 'list') {
    const entries = await listDeadLetters(kafka);
    if (entries.length === 0) console.log('no dead letters');
    for (const e of entries) {
      const l = e.letter;
      const where = `${e.partition}:${e.offset}`;
      if (!l) {
        console.log(`${where}  (unreadable dead letter)`);
        continue;
      }
      // Field names and reasons only: the message itself may hold a fødselsnummer.
      const why = l.errors.map((x) => `${x.field}: ${x.reason}`).join('; ');
      const replayed = e.replayed
        ? `  [replayed ${e.replayed.replayedAt} as event ${e.replayed.eventId}${e.replayed.repaired ? ', repaired' : ''}]`
        : '';
      console.log(
        `${where}  ${l.deadLetteredAt}  ${l.consumerGroup}  ${l.originalTopic}[${l.originalPartition}]@${l.originalOffset}  key=${(l.originalKey ?? '-').slice(0, 64)}  ${why}${replayed}`,
      );
    }
    return 0;
  }
  if (command === 'show') {
    const at = position(rest[0]);
    const entry = (await listDeadLetters(kafka)).find(
      (e) => e.offset === at.offset && (at.partition === undefined || e.partition === at.partition),
    );
    if (!entry?.letter) throw new Usage(`no readable dead letter at ${rest[0]}`);
    const raw = entry.letter.originalValueBase64 === null ? '' : Buffer.from(entry.letter.originalValueBase64, 'base64').toString();
    try {
      console.log(JSON.stringify(JSON.parse(raw), null, 2));
    } catch {
      console.log(raw);
    }
    return 0;
  }
  if (command === 'replay') {
    const at = position(rest[0]);
    const fileAt = rest.indexOf('--file');
    const asIs = rest.includes('--as-is');
    if (fileAt < 0 === !asIs) throw new Usage(`replay needs either --file <path> (- for stdin) or --as-is\n${USAGE}`);
    const file = fileAt >= 0 ? rest[fileAt + 1] : undefined;
    if (fileAt >= 0 && !file) throw new Usage(USAGE);
    const repaired = file === undefined ? null : readFileSync(file === '-' ? 0 : file);
    try {
      const outcome = await replayDeadLetter(kafka, { ...at, repaired, again: rest.includes('--again') });
      const where = `${outcome.entry.partition}:${outcome.entry.offset}`;
      if (!outcome.replayed) {
        console.log(
          `${where} was replayed ${outcome.earlier.replayedAt} as event ${outcome.earlier.eventId}; not sent again (--again sends it, and consumers skip it)`,
        );
        return 3;
      }
      console.log(`${where} replayed to ${outcome.topic} as event ${outcome.eventId}`);
      return 0;
    } catch (e) {
      if (!(e instanceof ReplayRefused)) throw e;
      console.error(`not replayed: ${e.message}`);
      for (const x of e.errors) console.error(`  ${x.field}: ${x.reason}`);
      return 2;
    }
  }
  throw new Usage(USAGE);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: Error) => {
    console.error(e instanceof Usage ? e.message : `dead-letters failed: ${e.message}`);
    process.exit(1);
  },
);
