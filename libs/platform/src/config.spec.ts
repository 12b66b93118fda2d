import { generateDevKeys } from './auth/dev-token';
import { ConfigError, loadServiceConfig } from './config';

const key = generateDevKeys().publicKeyPem;
const good = { AUTH_ISSUER: 'https://idp', AUTH_AUDIENCE: 'vilkarsflyt', AUTH_PUBLIC_KEY_PEM: key };

function problems(env: Record<string, string>): string[] {
  try {
    loadServiceConfig('follow-up', { ...good, ...env });
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems;
  }
}

describe('service configuration', () => {
  it('takes the defaults that fit npm run start:all', () => {
    expect(loadServiceConfig('follow-up', good)).toMatchObject({
      port: 3002,
      databaseUrl: 'postgres://postgres@127.0.0.1:5432/vilkarsflyt_follow_up',
      kafkaBrokers: ['127.0.0.1:9092'],
      consumerGroup: 'vilkarsflyt.follow-up',
      jobIntervalMs: 15_000,
      shutdownDrainMs: 0,
    });
  });

  it.each([
    [{ FOLLOW_UP_PORT: '70000' }, 'FOLLOW_UP_PORT: must be a port number (0-65535)'],
    [{ FOLLOW_UP_PORT: '3002x' }, 'FOLLOW_UP_PORT: must be a port number (0-65535)'],
    [{ PG_URL: 'mysql://db' }, 'PG_URL: must be a postgres:// URL'],
    [{ DB_PREFIX: 'Vilkår' }, 'DB_PREFIX: must be 1-40 lower-case letters, digits and _'],
    [{ FOLLOW_UP_DATABASE_URL: 'not a url' }, 'FOLLOW_UP_DATABASE_URL: must be a postgres:// URL'],
    [{ KAFKA_BROKERS: '127.0.0.1:9092,,' }, 'KAFKA_BROKERS: must be host:port, or several separated by commas'],
    [{ FOLLOW_UP_CONSUMER_GROUP: 'a/b' }, "FOLLOW_UP_CONSUMER_GROUP: must be 1-200 letters, digits, '.', '_' or '-'"],
    [{ JOB_INTERVAL_MS: '1.5' }, 'JOB_INTERVAL_MS: must be a whole number of milliseconds, at least 10'],
    [{ SHUTDOWN_DRAIN_MS: '120000' }, 'SHUTDOWN_DRAIN_MS: must be a whole number of milliseconds, at most 60000'],
    [{ LOG_LEVELS: 'error,loud' }, 'LOG_LEVELS: must be a comma-separated list of fatal, error, warn, log, debug, verbose'],
    [{ LOG_FILE_LEVEL: 'silent' }, 'LOG_FILE_LEVEL: must be one of trace, debug, info, warn, error, fatal'],
    [{ AUTH_PUBLIC_KEY_PEM: 'not a key' }, 'AUTH_PUBLIC_KEY_PEM: must hold a PEM public key'],
    [{ AUTH_CLOCK_TOLERANCE_SECONDS: 'a minute' }, 'AUTH_CLOCK_TOLERANCE_SECONDS: must be a whole number of seconds, at most 300'],
  ])('%p: one line naming the variable', (env, line) => {
    expect(problems(env)).toEqual([line]);
  });

  it('names every problem at once, and none of the values', () => {
    const found = problems({ FOLLOW_UP_PORT: 'x', KAFKA_BROKERS: 'secret-host', AUTH_ISSUER: '' });
    expect(found).toEqual([
      'FOLLOW_UP_PORT: must be a port number (0-65535)',
      'KAFKA_BROKERS: must be host:port, or several separated by commas',
      'AUTH_ISSUER: missing',
    ]);
    expect(found.join()).not.toContain('secret-host');
  });
});
