import { RuleViolation } from './errors/rule-violation';

/**
 * The shape every rule with state has here (after the decider pattern): `decide` says what happens
 * when a command meets the current state (events, or a RuleViolation), `evolve` applies one event.
 * `evolve` is the only place a transition is written; stores save what it folds to.
 */
export interface Decider<State, Command, Event> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
}

/** Applies events in order. */
export function fold<S, E>(decider: Pick<Decider<S, never, E>, 'evolve'>, state: S, events: readonly E[]): S {
  return events.reduce((s, e) => decider.evolve(s, e), state);
}

/** Runs commands one after another from `state`: every event decided, and the state they lead to. */
export function replay<S, C, E>(decider: Decider<S, C, E>, state: S, commands: readonly C[]): { state: S; events: E[] } {
  const events: E[] = [];
  for (const command of commands) {
    const decided = decider.decide(command, state);
    events.push(...decided);
    state = fold(decider, state, decided);
  }
  return { state, events };
}

/** What one command decided: the events, their types, and the state after them. */
export interface Outcome<S, E> {
  before: S;
  events: E[];
  types: string[];
  state: S;
}

/**
 * given / when / then for deciders, for the specs: `given(decider, start, ...history).when(command)`
 * gives the events and the state after; `.rejects(command)` gives the RuleViolation the command met
 * (and throws if it met none).
 */
export function given<S, C, E extends { type: string } | { kind: string }>(decider: Decider<S, C, E>, start: S, ...history: C[]) {
  const state = replay(decider, start, history).state;
  return {
    state,
    when(command: C): Outcome<S, E> {
      const events = decider.decide(command, state);
      return {
        before: state,
        events,
        types: events.map((e) => ('type' in e ? e.type : e.kind)),
        state: fold(decider, state, events),
      };
    },
    rejects(command: C): RuleViolation {
      try {
        decider.decide(command, state);
      } catch (e) {
        if (e instanceof RuleViolation) return e;
        throw e;
      }
      throw new Error('expected the command to be refused with a RuleViolation, but it was accepted');
    },
  };
}
