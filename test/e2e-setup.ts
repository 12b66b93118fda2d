// Jest's e2e setup: tells the test harness (libs/testing) which services it starts, so that the
// library itself depends on no app.
import { useServices } from '@vf/testing';
import { AppModule as DecisionModule, CONSUMED_TOPICS as DECISION_TOPICS } from '../apps/decision/src/app.module';
import { AppModule as FollowUpModule, CONSUMED_TOPICS as FOLLOW_UP_TOPICS } from '../apps/follow-up/src/app.module';
import { AppModule as PayoutModule, CONSUMED_TOPICS as PAYOUT_TOPICS } from '../apps/payout/src/app.module';

useServices({
  decision: { module: (c) => DecisionModule.forConfig(c), consumes: DECISION_TOPICS },
  'follow-up': { module: (c) => FollowUpModule.forConfig(c), consumes: FOLLOW_UP_TOPICS },
  payout: { module: (c) => PayoutModule.forConfig(c), consumes: PAYOUT_TOPICS },
});

// Every event consumed in the tests is checked by both of parseEvent's paths (libs/contracts/src/envelope.ts).
process.env.CONTRACT_CROSSCHECK ??= '1';
