/**
 * Seeds the SANDBOX bank's data: the product catalogue, enterprises with their assembled profiles, and
 * a loan book with repayment history — deterministic from the seed and the as-of date. Applications are
 * not inserted here: the workflow creates them by running the credit engine (`assignApplications`).
 * Rows go in as column arrays through `unnest`, thousands per statement, so the large seed (a million
 * loans) stays practical on embedded PGlite.
 */
import { formatCivilDate, fromDayNumber, parseCivilDate, toDayNumber } from '../../shared/calendar/civil-date';
import { refreshLoanSummaries } from '../dashboards/summaries';
import type { Database, Queryable } from '../db/database';
import { assembleEnterprise } from '../sources/assemble';
import {
  createSandboxSources,
  DEFAULT_SANDBOX_SEED,
  SANDBOX_SOURCE_NAME,
  sandboxEnterprises,
} from '../sources/sandbox';
import { type SandboxApplicationRequest, sandboxApplicationRequests } from '../sources/sandbox-applications';
import {
  type LoanBorrower,
  loanAmountPermille,
  loanBorrower,
  type SandboxLoan,
  sandboxLoans,
} from '../sources/sandbox-loans';
import { seedClassificationHistory } from './classification-history';
import { syncProducts } from './products';
import { noProgress, type OnSeedProgress } from './progress';

export type SandboxSize = 'small' | 'large';

export interface SandboxCounts {
  enterprises: number;
  loans: number;
  /** Application requests handed to `assignApplications`. */
  applications: number;
}

export const SANDBOX_SIZES: Readonly<Record<SandboxSize, SandboxCounts>> = {
  small: { enterprises: 2_000, loans: 10_000, applications: 5_000 },
  large: { enterprises: 20_000, loans: 1_000_000, applications: 100_000 },
};

/**
 * The meta row that records the sandbox data (seed, size, as-of date, counts); written last, after the
 * applications and the loan summaries, and its presence makes `seedSandbox` a no-op.
 */
export const SANDBOX_META_KEY = 'sandbox_data';
const ENTERPRISE_BATCH = 500;
const LOAN_BATCH = 5_000;
/** Loans per transaction: bounds what one transaction holds on PGlite. */
const LOANS_PER_TX = 100_000;
/** A court listing is "new" if it was absent at the review this many days before. */
const REVIEW_DAYS = 180;

export interface SeedSandboxOptions {
  size: SandboxSize;
  seed?: string;
  /** YYYY-MM-DD: profiles, loan histories and application dates are as of this day. */
  asOf: string;
  /** Overrides the size's counts (tests). */
  counts?: Partial<SandboxCounts>;
  /** Creates applications from the generated requests (the workflow's engine run); skipped when absent. */
  assignApplications?: (requests: SandboxApplicationRequest[], db: Database) => Promise<void>;
  /** Called as enterprises, loans and summaries go in. */
  onProgress?: OnSeedProgress;
}

export interface SeedSandboxResult {
  /** False when the database already held a sandbox seed: nothing was written. */
  seeded: boolean;
  seed: string;
  size: SandboxSize;
  asOf: string;
  counts: SandboxCounts;
  /** Milliseconds per phase. */
  timings: { enterprises: number; loans: number; applications: number; total: number };
}

function unnestInsert(table: string, columns: readonly (readonly [name: string, type: string])[], select?: string) {
  const args = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  const names = columns.map(([n]) => n);
  return `INSERT INTO ${table} (${names.join(', ')}) SELECT ${select ?? names.join(', ')} FROM unnest(${args}) AS u(${names.join(', ')}) ON CONFLICT DO NOTHING`;
}

const ENTERPRISE_COLUMNS = [
  ['id', 'text'],
  ['uscc', 'text'],
  ['name', 'text'],
  ['legal_rep_name', 'text'],
  ['legal_rep_id', 'text'],
  ['industry_code', 'text'],
  ['size_class', 'text'],
  ['region', 'text'],
  ['branch_id', 'text'],
  ['established_date', 'date'],
  ['tax_rating', 'text'],
  ['annual_sales_fen', 'bigint'],
  ['profile', 'jsonb'],
  ['data_as_of', 'date'],
  ['source', 'text'],
] as const;
const INSERT_ENTERPRISES = unnestInsert('enterprises', ENTERPRISE_COLUMNS);

const LOAN_COLUMNS = [
  ['id', 'text'],
  ['enterprise_id', 'text'],
  ['branch_id', 'text'],
  ['product_code', 'text'],
  ['industry_code', 'text'],
  ['principal_fen', 'bigint'],
  ['balance_fen', 'bigint'],
  ['annual_rate', 'numeric'],
  ['disbursed_on', 'date'],
  ['maturity_date', 'date'],
  ['days_past_due', 'integer'],
  ['max_dpd', 'integer'],
  ['classification', 'text'],
  // Comma-joined: a text[][] parameter cannot hold rows of different lengths.
  ['warning_signals', 'text'],
  // What the approval decided (migration 0021): the dashboards' approval accuracy by grade, tier, channel, score.
  ['grade', 'text'],
  ['tier', 'text'],
  ['channel', 'text'],
  ['score', 'integer'],
  ['term_months', 'integer'],
  ['repayment_method', 'text'],
  ['balance_year_start_fen', 'bigint'],
] as const;
const INSERT_LOANS = unnestInsert(
  'loans',
  LOAN_COLUMNS,
  LOAN_COLUMNS.map(([n]) => (n === 'warning_signals' ? "string_to_array(warning_signals, ',')" : n)).join(', '),
);

function addDays(date: string, days: number): string {
  return formatCivilDate(fromDayNumber(toDayNumber(parseCivilDate(date, 'asOf')) + days));
}

/** Generates and inserts the enterprises; returns them as loan borrowers. */
async function seedEnterprises(
  q: Queryable,
  seed: string,
  asOf: string,
  count: number,
  onProgress: OnSeedProgress,
): Promise<LoanBorrower[]> {
  const sources = createSandboxSources(seed);
  const borrowers: LoanBorrower[] = [];
  const listed = sandboxEnterprises(count, asOf, seed);
  for (let start = 0; start < listed.length; start += ENTERPRISE_BATCH) {
    const cols: string[][] = ENTERPRISE_COLUMNS.map(() => []);
    for (const e of listed.slice(start, start + ENTERPRISE_BATCH)) {
      const assembled = await assembleEnterprise(sources, e.uscc, asOf);
      if (!assembled) throw new Error(`sandbox enterprise ${e.index} (${e.uscc}) is unknown on ${asOf}`);
      const p = assembled.profile;
      // The earlier profile is only needed to tell whether a court listing is new.
      const previous = p.publicFlags.courtEnforcement
        ? ((await assembleEnterprise(sources, e.uscc, addDays(asOf, -REVIEW_DAYS)))?.profile ?? null)
        : null;
      const borrower = loanBorrower(p, sources.traits(e.uscc)!.risk, previous);
      const row = [
        borrower.enterpriseId,
        e.uscc,
        p.name,
        p.legalRepName,
        p.legalRepId,
        p.industryCode,
        p.sizeClass,
        p.region,
        borrower.branchId,
        p.establishedDate,
        p.taxRating,
        borrower.annualSalesFen.toString(),
        JSON.stringify(p),
        asOf,
        SANDBOX_SOURCE_NAME,
      ];
      for (let i = 0; i < row.length; i++) cols[i]!.push(row[i]!);
      borrowers.push(borrower);
    }
    await q.query(INSERT_ENTERPRISES, cols);
    onProgress({ stage: 'enterprises', done: borrowers.length, total: listed.length });
  }
  return borrowers;
}

function loanRow(l: SandboxLoan): string[] {
  return [
    l.id,
    l.enterpriseId,
    l.branchId,
    l.productCode,
    l.industryCode,
    l.principalFen.toString(),
    l.balanceFen.toString(),
    l.annualRate,
    l.disbursedOn,
    l.maturityDate,
    String(l.daysPastDue),
    String(l.maxDpd),
    l.classification,
    l.warningSignals.join(','),
    l.grade,
    l.tier,
    l.channel,
    String(l.score),
    String(l.termMonths),
    l.repaymentMethod,
    String(l.yearStartBalanceFen),
  ];
}

async function seedLoans(
  db: Database,
  loans: Iterable<SandboxLoan>,
  total: number,
  onProgress: OnSeedProgress,
): Promise<void> {
  const it = loans[Symbol.iterator]();
  let done = false;
  let written = 0;
  while (!done) {
    await db.tx(async (q) => {
      for (let inTx = 0; inTx < LOANS_PER_TX && !done; inTx += LOAN_BATCH) {
        const cols: string[][] = LOAN_COLUMNS.map(() => []);
        for (let k = 0; k < LOAN_BATCH; k++) {
          const n = it.next();
          if (n.done) {
            done = true;
            break;
          }
          const row = loanRow(n.value);
          for (let i = 0; i < row.length; i++) cols[i]!.push(row[i]!);
        }
        if (cols[0]!.length > 0) await q.query(INSERT_LOANS, cols);
        written += cols[0]!.length;
        onProgress({ stage: 'loans', done: Math.min(written, total), total });
      }
    });
  }
}

/**
 * Seeds the sandbox into a migrated database with the organisation in place. Does nothing if a sandbox
 * seed is already recorded. Enterprises go in one transaction; loans in transactions of 100,000.
 */
export async function seedSandbox(db: Database, opts: SeedSandboxOptions): Promise<SeedSandboxResult> {
  const seed = opts.seed ?? DEFAULT_SANDBOX_SEED;
  const counts = { ...SANDBOX_SIZES[opts.size], ...opts.counts };
  const base = { seed, size: opts.size, asOf: opts.asOf, counts };
  const onProgress = opts.onProgress ?? noProgress;
  const t0 = performance.now();
  const existing = await db.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [SANDBOX_META_KEY]);
  if (existing.rows.length > 0) {
    return { seeded: false, ...base, timings: { enterprises: 0, loans: 0, applications: 0, total: 0 } };
  }
  const borrowers = await db.tx(async (q) => {
    await syncProducts(q);
    return seedEnterprises(q, seed, opts.asOf, counts.enterprises, onProgress);
  });
  const t1 = performance.now();
  await seedLoans(
    db,
    sandboxLoans({
      seed,
      asOf: opts.asOf,
      count: counts.loans,
      borrowers,
      amountPermille: loanAmountPermille(counts.enterprises, counts.loans),
    }),
    counts.loans,
    onProgress,
  );
  await seedClassificationHistory(db, opts.asOf);
  const t2 = performance.now();
  if (opts.assignApplications) {
    const requests = sandboxApplicationRequests(counts.applications, seed, {
      asOf: opts.asOf,
      enterprises: counts.enterprises,
    });
    await opts.assignApplications(requests, db);
  }
  // The loan dashboards read summaries of the loans just written (bank-api/dashboards/summaries.ts).
  onProgress({ stage: 'summaries', done: 0, total: 1 });
  await refreshLoanSummaries(db);
  // Recorded last, once everything above is in: a seed interrupted earlier leaves no sandbox_data row
  // (seed/index.ts also keeps a started/complete marker around the whole first start).
  await db.query('INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
    SANDBOX_META_KEY,
    JSON.stringify({ seed, size: opts.size, asOf: opts.asOf, counts }),
  ]);
  onProgress({ stage: 'summaries', done: 1, total: 1 });
  const t3 = performance.now();
  return {
    seeded: true,
    ...base,
    timings: { enterprises: t1 - t0, loans: t2 - t1, applications: t3 - t2, total: t3 - t0 },
  };
}
