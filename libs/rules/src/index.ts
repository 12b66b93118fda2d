// Pure rules of Vilkårsflyt: no framework, no database, no broker. `now` always comes in as data.
export * from './errors/rule-violation';
export * from './decider';
export * from './identity/national-id';
export * from './identity/account-number';
export * from './identity/actor-ident';
export * from './money/money';
export * from './calendar/calendar-date';
export * from './conditions/condition';
export * from './conditions/assess-evidence';
export * from './conditions/condition.decider';
export * from './payments/payment';
export * from './payments/payment.decider';
export * from './payments/gate.decider';
export * from './decisions/decision';
export * from './decisions/decision-amendment.decider';
export * from './stats/percentile';
export * from './stats/histogram';
