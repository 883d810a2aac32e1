/**
 * Back-office batches: `npm run contracts -- generate --application <id> --out <dir>` or
 * `--all-approved`. Signs in to BANK_API_URL as a contract officer and runs the same ContractService
 * as the screen; prints one line per contract, exits non-zero with a clear message on failure.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bankApi } from '../../shared/api/paths';
import { BankApiError, BankClient } from '../services/bank-client';
import { templatesCommand } from './cli-templates';
import { verifyCommand } from './cli-verify';
import { ContractService, type GeneratedDocument } from './service';

const USAGE = `usage: npm run contracts -- generate (--application <id> | --all-approved) --out <dir>
         [--user <username>] [--regenerate] [--limit <n>]

  BANK_API_URL        the bank API to sign in to (required)
  BANK_API_PASSWORD   the user's password (else asked for on a terminal)
  DATA_DIR            where the sandbox seal and kept packages live (default .data)
  SEAL_P12_PATH, SEAL_P12_PASSPHRASE   the bank's seal certificate (else the sandbox TEST ONLY seal)`;

class UsageError extends Error {}

async function promptHidden(question: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(question);
  stdin.setRawMode?.(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((done, fail) => {
    let value = '';
    const onData = (ch: string) => {
      for (const c of ch) {
        if (c === '\r' || c === '\n') {
          stdin.setRawMode?.(false);
          stdin.pause();
          stdin.off('data', onData);
          stderr.write('\n');
          return done(value);
        }
        if (c === '\u0003') {
          stdin.setRawMode?.(false);
          return fail(new UsageError('cancelled'));
        }
        if (c === '\u007f') value = value.slice(0, -1);
        else value += c;
      }
    };
    stdin.on('data', onData);
  });
}

function line(d: GeneratedDocument): string {
  return [
    d.documentId,
    d.record.applicationId,
    `${d.templateId}@${d.templateVersion}`,
    d.record.status,
    d.sha256,
    d.path,
  ].join('\t');
}

export async function main(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv[0] === 'templates') return templatesCommand(argv.slice(1));
  if (argv[0] === 'verify') return verifyCommand(argv.slice(1), env);
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      application: { type: 'string' },
      'all-approved': { type: 'boolean', default: false },
      out: { type: 'string' },
      user: { type: 'string', default: 'contract1' },
      regenerate: { type: 'boolean', default: false },
      limit: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals[0] !== 'generate') throw new UsageError('the only command is "generate"');
  if (!values.application === !values['all-approved'])
    throw new UsageError('give either --application <id> or --all-approved');
  if (!values.out) throw new UsageError('--out <dir> is required');
  const url = env.BANK_API_URL;
  if (!url) throw new UsageError('BANK_API_URL is not set: point it at the bank API, e.g. http://127.0.0.1:8787');
  let password = env.BANK_API_PASSWORD;
  if (!password) {
    if (!process.stdin.isTTY) throw new UsageError('BANK_API_PASSWORD is not set and there is no terminal to ask on');
    password = await promptHidden(`password for ${values.user}: `);
  }
  const bank = new BankClient(url);
  const login = await bank.call(bankApi.login, { body: { username: values.user, password } });
  if (!login.user.roles.includes('contract_officer'))
    throw new UsageError(`${values.user} is not a contract officer (合同岗)`);
  const service = new ContractService({
    bank,
    token: login.token,
    dataDir: resolve(env.DATA_DIR ?? '.data'),
    env,
  });
  const outDir = resolve(values.out);
  try {
    if (values.application) {
      const docs = await service.generate({
        applicationId: values.application,
        outDir,
        regenerate: values.regenerate,
      });
      for (const d of docs) console.log(line(d));
      return 0;
    }
    const limit = values.limit ? Number(values.limit) : Number.POSITIVE_INFINITY;
    let failed = 0;
    let done = 0;
    let cursor: string | undefined;
    do {
      const page = await service.queue({ view: 'open', limit: 200, ...(cursor ? { cursor } : {}) });
      for (const item of page.items) {
        if (done >= limit) break;
        if (item.contractStatus !== 'none' && !values.regenerate) continue;
        done++;
        try {
          const docs = await service.generate({
            applicationId: item.applicationId,
            outDir,
            regenerate: values.regenerate,
          });
          for (const d of docs) console.log(line(d));
        } catch (e) {
          failed++;
          console.error(`${item.applicationId}\tFAILED\t${(e as Error).message}`);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor && done < limit);
    console.error(`${done - failed} of ${done} case(s) generated${failed ? `, ${failed} failed` : ''}.`);
    return failed ? 1 : 0;
  } finally {
    await bank.call(bankApi.logout, { token: login.token }).catch(() => {});
  }
}

const isMain = process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop()!);
if (isMain) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      if (e instanceof UsageError) console.error(`contracts: ${e.message}\n${USAGE}`);
      else if (e instanceof BankApiError) console.error(`contracts: ${e.message} [${e.code}]`);
      else console.error(`contracts: ${(e as Error).message}`);
      process.exit(e instanceof UsageError ? 2 : 1);
    },
  );
}
