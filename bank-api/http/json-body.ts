/**
 * The JSON body parser. Fastify's own accepts `{"amount": "1", "amount": "9000000"}` and keeps the last
 * value, while a gateway or audit proxy in front of us may read the first: both would then act on
 * different requests. This one refuses a duplicate key at any depth (400 `duplicate_key`, naming its
 * path), and otherwise behaves as Fastify's: same body limit, same empty-body and malformed-JSON
 * problems, and `__proto__` / `constructor.prototype` keys refused as Fastify's secure-json-parse does.
 */
import type { FastifyInstance } from 'fastify';
import { badRequest } from './problems';

type ObjectFrame = { object: true; keys: string[]; set: Set<string> | null; key: string };
type Frame = ObjectFrame | { object: false; index: number };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export type KeyFinding = { kind: 'duplicate' | 'reserved'; path: (string | number)[] };

/**
 * The first key that appears twice in one object, or that is reserved (`__proto__` anywhere, or
 * `prototype` inside a `constructor` object — what secure-json-parse refuses for Fastify), with its
 * path (`[key, index, …, key]`); null when there is none. `text` must already be valid JSON: the
 * scanner follows structure, it does not validate. Keys compare by their decoded value (`"a"` and
 * `"\u0061"` are the same key).
 */
export function scanKeys(text: string): KeyFinding | null {
  const stack: Frame[] = [];
  let expectKey = false;
  // Where the next backslash is (-1: none left), found once per backslash rather than once per string.
  let nextBackslash = text.indexOf('\\');
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      while (nextBackslash !== -1 && nextBackslash <= i) nextBackslash = text.indexOf('\\', i + 1);
      let j = text.indexOf('"', i + 1);
      const escaped = nextBackslash !== -1 && nextBackslash < j;
      if (escaped) {
        // Skip quotes preceded by an odd number of backslashes.
        for (;;) {
          let k = j - 1;
          while (text.charCodeAt(k) === BACKSLASH) k--;
          if ((j - 1 - k) % 2 === 0) break;
          j = text.indexOf('"', j + 1);
        }
      }
      if (j === -1) return null;
      if (expectKey) {
        const top = stack[stack.length - 1] as ObjectFrame;
        const key: string = escaped ? JSON.parse(text.slice(i, j + 1)) : text.slice(i + 1, j);
        if (key === '__proto__' || (key === 'prototype' && isConstructorValue(stack))) {
          return { kind: 'reserved', path: pathTo(stack, key) };
        }
        if (hasKey(top, key)) return { kind: 'duplicate', path: pathTo(stack, key) };
        addKey(top, key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push({ object: true, keys: [], set: null, key: '' });
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push({ object: false, index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.object) expectKey = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/** Objects with few keys (nearly all) are searched as a list; past this many keys, through a set. */
const KEYS_BEFORE_SET = 16;

function hasKey(f: ObjectFrame, key: string) {
  return f.set ? f.set.has(key) : f.keys.includes(key);
}

function addKey(f: ObjectFrame, key: string) {
  f.key = key;
  if (f.set) f.set.add(key);
  else if (f.keys.push(key) > KEYS_BEFORE_SET) f.set = new Set(f.keys);
}

function isConstructorValue(stack: Frame[]) {
  const parent = stack[stack.length - 2];
  return parent?.object === true && parent.key === 'constructor';
}

function pathTo(stack: Frame[], key: string): (string | number)[] {
  return [...stack.slice(0, -1).map((f) => (f.object ? f.key : f.index)), key];
}

const malformed = (detail: string, extra: Record<string, unknown> = {}) => badRequest('malformed_json', detail, extra);

/** Parses a JSON request body, refusing what {@link scanKeys} finds. */
export function parseJsonBody(body: string): unknown {
  // A leading byte-order mark is allowed, as secure-json-parse allows it.
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  if (body.length === 0) throw malformed('The request says it has a JSON body but it is empty.');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object') return value;
  const found = scanKeys(text);
  if (!found) return value;
  const where = ['body', ...found.path.map(String)].join('.');
  const key = String(found.path[found.path.length - 1]);
  if (found.kind === 'reserved') {
    throw malformed(`${where}: the key "${key}" is reserved and may not be sent.`, {
      errors: [{ path: where, message: 'reserved key' }],
    });
  }
  throw badRequest(
    'duplicate_key',
    `${where}: the key "${key}" appears more than once in the same JSON object; send it once.`,
    { errors: [{ path: where, message: 'duplicate key' }] },
  );
}

/** Replaces Fastify's application/json parser with {@link parseJsonBody} (the instance's body limit applies). */
export function installStrictJsonParser(app: FastifyInstance) {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
