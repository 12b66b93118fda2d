import { spawnService } from '@vf/testing';

/**
 * A service started with a broken configuration says what is wrong, one line per variable, in the
 * log format, and exits non-zero before it touches the database or Kafka.
 */
describe('configuration checked at start', () => {
  it('names each missing or malformed variable on a line of its own, never its value, and exits 1', async () => {
    const secretLooking = 'postgres://user:hunter2@db:5432/Not-A-Name';
    const [payout, decision] = [
      spawnService('payout', {
        PAYOUT_PORT: 'eighty',
        KAFKA_BROKERS: 'broker-without-port',
        JOB_INTERVAL_MS: '-5',
        LOG_LEVEL: 'chatty',
        AUTH_AUDIENCE: 'vilkarsflyt',
        AUTH_JWKS_URL: 'ftp://idp/keys',
      }),
      spawnService('decision', {
        DECISION_DATABASE_URL: secretLooking,
        DECISION_CONSUMER_GROUP: 'has spaces',
        SHUTDOWN_DRAIN_MS: 'soon',
        AUTH_ISSUER: 'https://idp',
        AUTH_AUDIENCE: 'vilkarsflyt',
        AUTH_PUBLIC_KEY_FILE: '/nonexistent/key.pem',
      }),
    ];
    const [payoutExit, decisionExit] = await Promise.all([payout.exited, decision.exited]);

    expect(payoutExit.code).toBe(1);
    expect(payout.json().map((l) => [l.level, l.service, l.message])).toEqual([
      ['fatal', 'payout', 'configuration: PAYOUT_PORT: must be a port number (0-65535)'],
      ['fatal', 'payout', 'configuration: KAFKA_BROKERS: must be host:port, or several separated by commas'],
      ['fatal', 'payout', 'configuration: JOB_INTERVAL_MS: must be a whole number of milliseconds, at least 10'],
      ['fatal', 'payout', 'configuration: LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent'],
      ['fatal', 'payout', 'configuration: AUTH_ISSUER: missing'],
      ['fatal', 'payout', 'configuration: AUTH_JWKS_URL: must be an http(s) URL'],
    ]);

    expect(decisionExit.code).toBe(1);
    expect(decision.json().map((l) => l.message)).toEqual([
      'configuration: DECISION_DATABASE_URL: the database name must be lower-case letters, digits and _',
      "configuration: DECISION_CONSUMER_GROUP: must be 1-200 letters, digits, '.', '_' or '-'",
      'configuration: SHUTDOWN_DRAIN_MS: must be a whole number of milliseconds, at most 60000',
      'configuration: AUTH_PUBLIC_KEY_FILE: cannot be read',
    ]);
    expect(decision.lines.join('\n')).not.toContain('hunter2');
  }, 180_000);
});
