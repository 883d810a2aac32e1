/**
 * SQL fragments: trusted text and the values it carries, kept apart by type. A fragment is written as a
 * tagged template, `sql\`l.branch_id = ANY(${branches})\``: the template's text is code (trusted), every
 * interpolated value becomes a parameter, and an interpolated fragment is spliced in with its own values.
 * A plain string is never SQL text: `Sql` has a private constructor, so text only enters through the
 * template tag, `rawSql` (text built from code constants) or `sqlNumber` (a finite number from code).
 * `compileSql` numbers the parameters $1, $2… in the order they appear.
 */

export class Sql {
  /** `texts.length === values.length + 1`: value i sits between texts i and i + 1. */
  private constructor(
    readonly texts: readonly string[],
    readonly values: readonly unknown[],
  ) {}

  /** Interleaves trusted texts with values; a value that is itself a fragment is spliced in. */
  static build(strings: readonly string[], values: readonly unknown[]): Sql {
    const texts = [strings[0] ?? ''];
    const params: unknown[] = [];
    /** Appends text to the text after the last value. */
    const append = (text: string) => {
      texts[texts.length - 1] = `${texts[texts.length - 1]}${text}`;
    };
    values.forEach((value, i) => {
      if (value instanceof Sql) {
        append(value.texts[0]!);
        value.values.forEach((inner, j) => {
          params.push(inner);
          texts.push(value.texts[j + 1]!);
        });
      } else {
        params.push(value);
        texts.push('');
      }
      append(strings[i + 1] ?? '');
    });
    return new Sql(texts, params);
  }
}

/** A fragment from a template literal: its text trusted, its interpolations parameters (or fragments). */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return Sql.build(strings, values);
}

/** Trusted text built from code constants (a table of codes, a column expression) — never from a request. */
export function rawSql(text: string): Sql {
  return Sql.build([text], []);
}

/** A number from a panel's declaration (a percentile, a row limit) as a literal: it must be finite. */
export function sqlNumber(n: number): Sql {
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${n}`);
  return rawSql(String(n));
}

/** A column alias made by code (c0_1, s2, inclusive_sums…), checked to be a plain name before it becomes SQL text. */
export function sqlAlias(name: string): Sql {
  if (!/^[a-z][a-z0-9_]*$/i.test(name)) throw new Error(`not a column alias: ${name}`);
  return rawSql(name);
}

/** The fragments joined by a trusted separator. */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  if (parts.length === 0) return rawSql('');
  return Sql.build(['', ...parts.slice(1).map(() => separator), ''], parts);
}

/** A statement ready for the driver: the text with $1, $2… and the values in that order. */
export interface Compiled {
  sql: string;
  params: unknown[];
}

export function compileSql(fragment: Sql): Compiled {
  const text = fragment.texts.reduce((acc, part, i) => `${acc}$${i}${part}`);
  return { sql: text, params: [...fragment.values] };
}
