/**
 * `npm run contracts -- verify --in FILE [--package ZIP|DIR]`: verifies a counter-signed contract
 * (node-shared/countersign) against its export package — the zip, or a folder with the unpacked
 * manifest.json or the zip — by default the package kept under DATA_DIR/contracts for the document the
 * file is named after (`<documentId>.pdf`, as exported). Prints each check and each signature; exits 0
 * when all pass, 1 when the file is refused (the reason code on the last line), 2 on a usage error.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import {
  COUNTERSIGN_MAX_BYTES,
  type CountersignExpectation,
  verifyCountersigned,
} from '../../node-shared/countersign/verify';
import { tooLargeReport } from './countersign';
import type { ExportManifest } from './package';

export const VERIFY_USAGE = `usage: npm run contracts -- verify --in <signed.pdf> [--package <zip or folder>]

  --package   the document's export package (zip, or a folder with manifest.json or the zip);
              default: DATA_DIR/contracts/<documentId>.zip, the document named by the file`;

function manifestOf(path: string): ExportManifest {
  const st = statSync(path);
  if (st.isDirectory()) {
    const m = join(path, 'manifest.json');
    if (existsSync(m)) return JSON.parse(readFileSync(m, 'utf8')) as ExportManifest;
    const zips = readdirSync(path).filter((f) => f.endsWith('.zip'));
    if (zips.length !== 1) throw new Error(`${path} has no manifest.json and not exactly one package zip`);
    return manifestOf(join(path, zips[0]!));
  }
  const raw = unzipSync(new Uint8Array(readFileSync(path)), { filter: (f) => f.name === 'manifest.json' })[
    'manifest.json'
  ];
  if (!raw) throw new Error(`${path} is not an export package (no manifest.json)`);
  return JSON.parse(strFromU8(raw)) as ExportManifest;
}

/** Runs the subcommand; `out`/`err` are the printers (console by default). */
export async function verifyCommand(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  out: (s: string) => void = console.log,
  err: (s: string) => void = console.error,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { in: { type: 'string' }, package: { type: 'string' }, help: { type: 'boolean', default: false } },
  });
  if (values.help || !values.in) {
    (values.help ? out : err)(VERIFY_USAGE);
    return values.help ? 0 : 2;
  }
  const file = resolve(values.in);
  if (!existsSync(file)) {
    err(`contracts verify: no file ${file}`);
    return 2;
  }
  const pkg = values.package
    ? resolve(values.package)
    : join(resolve(env.DATA_DIR ?? '.data'), 'contracts', `${basename(file).replace(/\.pdf$/i, '')}.zip`);
  if (!existsSync(pkg)) {
    err(`contracts verify: no export package at ${pkg}; name it with --package`);
    return 2;
  }
  let manifest: ExportManifest;
  try {
    manifest = manifestOf(pkg);
  } catch (e) {
    err(`contracts verify: ${(e as Error).message}`);
    return 2;
  }
  const expected: CountersignExpectation = {
    sha256: manifest.pdf.sha256,
    bytes: manifest.pdf.bytes,
    signers: manifest.signers,
  };
  const size = statSync(file).size;
  // The size first: a file over the cap is never read whole.
  const report =
    size > COUNTERSIGN_MAX_BYTES
      ? tooLargeReport(size)
      : await verifyCountersigned(new Uint8Array(readFileSync(file)), expected);
  out(`document  ${manifest.documentId} (${manifest.templateId}@${manifest.templateVersion})`);
  out(
    `file      ${file} (${size} bytes${report.sha256 && size <= COUNTERSIGN_MAX_BYTES ? `, SHA-256 ${report.sha256}` : ''})`,
  );
  for (const c of report.checks)
    out(`${c.ok ? 'PASS' : 'FAIL'}  ${c.check.padEnd(9)} ${c.code ? `[${c.code}] ` : ''}${c.detail}`);
  for (const s of report.signatures) {
    out(
      `sig   ${s.fieldName.padEnd(12)} ${s.digestOk && s.signatureOk ? 'valid  ' : 'INVALID'} ${s.subject} (covers 0..${s.coversTo})`,
    );
  }
  out(report.ok ? 'result    VERIFIED' : `result    REFUSED ${report.code}`);
  return report.ok ? 0 : 1;
}
