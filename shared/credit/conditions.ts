/**
 * A condition over one fact, as data: what admission rules and the negative list are made of. The same
 * shape translates one-to-one into json-rules-engine conditions (the bench does exactly that).
 */
export type Operator = 'gte' | 'lte' | 'gt' | 'lt' | 'eq' | 'in' | 'notIn' | 'startsWithAny';
export type FactValue = number | string | boolean;
export type FactBag = Readonly<Record<string, FactValue>>;

export interface Condition {
  fact: string;
  operator: Operator;
  value: FactValue | readonly string[];
}

export function test(c: Condition, seen: FactValue | undefined): boolean {
  if (seen === undefined) return false;
  const v = c.value;
  switch (c.operator) {
    case 'gte':
      return (seen as number) >= (v as number);
    case 'lte':
      return (seen as number) <= (v as number);
    case 'gt':
      return (seen as number) > (v as number);
    case 'lt':
      return (seen as number) < (v as number);
    case 'eq':
      return seen === v;
    case 'in':
      return (v as readonly string[]).includes(seen as string);
    case 'notIn':
      return !(v as readonly string[]).includes(seen as string);
    case 'startsWithAny':
      return (v as readonly string[]).some((p) => (seen as string).startsWith(p));
  }
}

const SYMBOL: Record<Operator, string> = {
  gte: '≥',
  lte: '≤',
  gt: '>',
  lt: '<',
  eq: '=',
  in: '∈',
  notIn: '∉',
  startsWithAny: 'starts with',
};

const DESCRIBED = new WeakMap<Condition, string>();

/** "≥ 24", "∈ A,B,M" — how a threshold is shown beside the fact value (memoised per rule object). */
export function describeThreshold(c: Condition): string {
  let d = DESCRIBED.get(c);
  if (d === undefined) {
    d = `${SYMBOL[c.operator]} ${Array.isArray(c.value) ? c.value.join(',') : String(c.value)}`;
    DESCRIBED.set(c, d);
  }
  return d;
}
