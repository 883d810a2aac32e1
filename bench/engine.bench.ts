import { Engine } from 'json-rules-engine';
import { parseCivilDate } from '../shared/calendar/civil-date';
import {
  type AssessApplication,
  assess,
  computeFeatures,
  DEFAULT_RULE_SET,
  type EnterpriseProfile,
  evaluateAdmission,
  evaluateNegativeList,
  type FactBag,
  makeSampleProfile,
  type Operator,
} from '../shared/credit';
import { quote } from '../shared/loan/quote';
import type { BenchFigure, BenchModule } from './run';
import { percentile } from './stats';

/**
 * Credit engine throughput on one core (this process, no workers):
 * - assess(): features + scorecard + admission + negative list + pricing + pre-approval + routing, per decision;
 * - json-rules-engine evaluating the same admission rules and negative list on the same inputs, given the
 *   features already computed (so the reference does strictly less work than assess());
 * - our rule evaluation alone on those same precomputed facts, for a like-for-like ratio;
 * - quote(): a 36-month schedule plus its bigint IRR/APR.
 */
const AS_OF = '2026-03-02';
const N_PROFILES = 1000;
const RUN_MS = 1500;

const JRE_OPERATOR: Record<Operator, string> = {
  gte: 'greaterThanInclusive',
  lte: 'lessThanInclusive',
  gt: 'greaterThan',
  lt: 'lessThan',
  eq: 'equal',
  in: 'in',
  notIn: 'notIn',
  startsWithAny: 'startsWithAny',
};

function jreEngine(): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  engine.addOperator('startsWithAny', (a: unknown, b: unknown) =>
    typeof a === 'string' && Array.isArray(b) ? b.some((p) => a.startsWith(p as string)) : false,
  );
  // One json-rules-engine rule per policy rule, so both engines report every rule's outcome.
  for (const r of [...DEFAULT_RULE_SET.admission, ...DEFAULT_RULE_SET.negativeList]) {
    engine.addRule({
      name: r.id,
      conditions: { all: [{ fact: r.fact, operator: JRE_OPERATOR[r.operator], value: r.value as never }] },
      event: { type: r.id },
    });
  }
  return engine;
}

function throughput(fn: (i: number) => void): number {
  for (let i = 0; i < 2000; i++) fn(i); // warm-up
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < RUN_MS) {
    for (let k = 0; k < 200; k++) fn(n++);
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

async function throughputAsync(fn: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 500; i++) await fn(i);
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  while (t - t0 < RUN_MS) {
    for (let k = 0; k < 50; k++) await fn(n++);
    t = performance.now();
  }
  return (n * 1000) / (t - t0);
}

const per = (v: number) => `${Math.round(v).toLocaleString('en-US')}/s`;

const bench: BenchModule = {
  title: 'Credit engine: assess() vs json-rules-engine, and schedule + IRR (one core)',
  async run(): Promise<BenchFigure[]> {
    const profiles: EnterpriseProfile[] = Array.from({ length: N_PROFILES }, (_, i) =>
      makeSampleProfile(i + 1, { asOf: AS_OF }),
    );
    const apps: AssessApplication[] = profiles.map((_, i) => ({
      productCode: i % 2 === 0 ? 'XMD' : 'SYD',
      amount: '200000.00',
      termMonths: 12,
      repaymentMethod: 'equal_installment',
      asOf: AS_OF,
    }));
    const asOf = parseCivilDate(AS_OF);
    const facts: FactBag[] = profiles.map((p) => {
      const f = computeFeatures(p, asOf);
      return {
        ...f,
        amountYuan: 200_000,
        amountToSalesBp: f.annualSalesYuan > 0 ? Number(2_000_000_000n / BigInt(f.annualSalesYuan)) : 99_999,
      };
    });

    // Both engines must agree before we compare their speed.
    const engine = jreEngine();
    for (let i = 0; i < 200; i++) {
      const ours = [
        ...evaluateAdmission(DEFAULT_RULE_SET.admission, facts[i]!)
          .outcomes.filter((o) => o.passed)
          .map((o) => o.id),
        ...evaluateNegativeList(DEFAULT_RULE_SET.negativeList, facts[i]!).hits,
      ].sort();
      const { events } = await engine.run({ ...facts[i]! });
      const theirs = events.map((e) => e.type).sort();
      if (ours.join() !== theirs.join()) throw new Error(`engines disagree on profile ${i}: ${ours} vs ${theirs}`);
    }

    const assessRate = throughput((i) => assess(profiles[i % N_PROFILES]!, apps[i % N_PROFILES]!));
    const rulesRate = throughput((i) => {
      const f = facts[i % N_PROFILES]!;
      evaluateAdmission(DEFAULT_RULE_SET.admission, f);
      evaluateNegativeList(DEFAULT_RULE_SET.negativeList, f);
    });
    const jreRate = await throughputAsync((i) => engine.run({ ...facts[i % N_PROFILES]! }));

    const latencies: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const t = performance.now();
      assess(profiles[i % N_PROFILES]!, apps[i % N_PROFILES]!);
      latencies.push(performance.now() - t);
    }
    latencies.sort((a, b) => a - b);

    const q = {
      amount: '500000.00',
      termMonths: 36,
      repaymentMethod: 'equal_installment',
      annualRate: '3.85',
      upfrontFee: '2500.00',
      startDate: '2026-03-15',
    };
    const quoteRate = throughput(() => quote(q));
    const quoteEp = throughput(() => quote({ ...q, repaymentMethod: 'equal_principal' }));

    return [
      {
        name: 'assess() decisions (features + scorecard + rules + pricing + routing)',
        value: per(assessRate),
        reference: `json-rules-engine, admission + negative list only, precomputed facts ${per(jreRate)}`,
        ratio: `${(assessRate / jreRate).toFixed(1)}×`,
        target: '≥ 100/s (SPEC §6 instant channel)',
      },
      {
        name: 'admission + negative list only, same precomputed facts',
        value: per(rulesRate),
        reference: `json-rules-engine ${per(jreRate)}`,
        ratio: `${(rulesRate / jreRate).toFixed(0)}×`,
      },
      {
        name: 'assess() latency p50 / p99',
        value: `${(percentile(latencies, 50) * 1000).toFixed(0)} µs / ${(percentile(latencies, 99) * 1000).toFixed(0)} µs`,
        target: 'p99 well under the 100 ms submit → decision budget',
      },
      { name: 'quote(): 36-month 等额本息 schedule + bigint IRR/APR', value: per(quoteRate) },
      { name: 'quote(): 36-month 等额本金 schedule + bigint IRR/APR', value: per(quoteEp) },
    ];
  },
};
export default bench;
