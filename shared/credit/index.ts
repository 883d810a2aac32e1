/**
 * The credit engine's public API: what the bank API and the desktop import. Pure, versioned, exact.
 */
export * from './admission';
export * from './assess';
export * from './authority';
export type { Condition, FactBag, FactValue, Operator } from './conditions';
export * from './features';
export * from './grades';
export * from './negative-list';
export * from './preapproval';
export * from './pricing';
export * from './products';
export * from './profile';
export * from './replay';
export * from './routing';
export * from './rule-set';
export * from './sample-profile';
export * from './scorecard';
