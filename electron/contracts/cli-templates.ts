/**
 * `npm run contracts -- templates [--print | --list]`: the clause library for a legal reviewer. `--print`
 * writes the whole library as one document (every template version, its clauses in order with their
 * 民法典 article references, what changed from the previous version); `--list` (the default) one line
 * per template version. Needs no bank API: the library is the code's own data, checked when it loads.
 */
import { parseArgs } from 'node:util';
import { libraryDocument, TEMPLATES } from '../../shared/contracts/index.js';

export const TEMPLATES_USAGE = 'usage: npm run contracts -- templates [--print | --list]';

export function templatesCommand(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      print: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(`${TEMPLATES_USAGE}\n`);
    return 0;
  }
  if (values.print) {
    out(libraryDocument());
    return 0;
  }
  for (const t of TEMPLATES) {
    out(`${t.id}@${t.version}\t${t.effectiveDate}\t${t.title}\t${t.articles.length} articles\n`);
  }
  return 0;
}
