/**
 * The counter-signed contract that comes back from the e-signature platform, verified against what
 * the bank knows: the sealed original's SHA-256 and byte length, and the signers the export listed.
 *
 * A counter-signed file is the bank's sealed PDF, byte for byte, followed by one or more incremental
 * updates in which each party signs its own (already present) signature field. The checks, each with
 * a stable code when it fails:
 *
 * - format: `too_large` (over COUNTERSIGN_MAX_BYTES, 20 MiB), `not_pdf`, `encrypted`.
 * - original: `original_altered` — the first `bytes` bytes are not the sealed original (SHA-256).
 * - bank seal: `bank_signature_invalid` — the bank's CMS does not verify, or does not cover exactly
 *   the original revision ([0, bytes) less its own /Contents).
 * - signers: `bank_only` — no party signed; `signer_missing` — a listed signer field is absent or
 *   unsigned; `signer_signature_invalid` — a party's CMS does not verify over its ByteRange (message
 *   digest or signature), or its ByteRange does not cover the whole original; `signer_mismatch` — the
 *   certificate does not name the party (see `subjectMatches`).
 * - update: `update_not_signature_only` — the updates change an object other than the signer fields
 *   (their /V, /AP, /AS, /MK, /F), the AcroForm's /SigFlags, /DA, /DR, the catalogue's /DSS and
 *   /Extensions, and the document information dictionary; e.g. page content after the bank's seal.
 *
 * The CMS is parsed with pkijs/asn1js; the message digest is recomputed over the ByteRange and the
 * signature verified with the signer certificate's public key (node:crypto). The certificate chain is
 * reported (issuer signature checked against the certificates in the CMS) but no trust list is
 * applied unless `trustedRoots` is given (then `signer_untrusted`).
 */
import { createHash, verify as cryptoVerify, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import {
  PDFArray,
  type PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  type PDFObject,
  PDFParser,
  PDFRef,
  PDFString,
} from 'pdf-lib';
import * as pkijs from 'pkijs';

/** The largest signed file accepted (bytes): 20 MiB. A contract with its signatures is ~150 KB. */
export const COUNTERSIGN_MAX_BYTES = 20 * 1024 * 1024;

export const COUNTERSIGN_CODES = [
  'too_large',
  'not_pdf',
  'encrypted',
  'malformed',
  'original_altered',
  'bank_signature_invalid',
  'bank_only',
  'signer_missing',
  'signer_signature_invalid',
  'signer_mismatch',
  'signer_untrusted',
  'update_not_signature_only',
] as const;
export type CountersignCode = (typeof COUNTERSIGN_CODES)[number];

export const COUNTERSIGN_CHECKS = ['format', 'original', 'bank_seal', 'signers', 'update'] as const;
export type CountersignCheck = (typeof COUNTERSIGN_CHECKS)[number];

export interface ExpectedSigner {
  /** AcroForm field name: 'borrower', 'guarantor-1', 'mortgagor' ('bank' is the seal). */
  fieldName: string;
  role: string;
  name: string;
  /** A USCC, or a resident ID number — in full (bank API) or masked as exported (`310101********4328`). */
  identifier: string;
  identifierKind: 'uscc' | 'resident-id' | 'bank';
}

export interface CountersignExpectation {
  /** SHA-256 (hex) and length of the bank-sealed original (contracts.pdf_sha256 / pdf_bytes, the manifest). */
  sha256: string;
  bytes: number;
  signers: ExpectedSigner[];
  /** DER certificates of accepted root CAs; absent: chains are reported, not enforced. */
  trustedRoots?: Uint8Array[];
}

export interface CheckResult {
  check: CountersignCheck;
  ok: boolean;
  /** Set when !ok. */
  code: CountersignCode | null;
  /** English detail, for logs and the CLI (the UI words it from the code). */
  detail: string;
}

export interface SignatureInfo {
  fieldName: string;
  role: string;
  /** Certificate subject, personal ID numbers masked. */
  subject: string;
  issuer: string;
  serialNumber: string;
  /** /M of the signature dictionary, as written. */
  signingTime: string | null;
  /** ByteRange end: how much of the file the signature covers. */
  coversTo: number;
  digestOk: boolean;
  signatureOk: boolean;
  /** The certificate is signed by an issuer certificate carried in the CMS (or is self-signed). */
  chainOk: boolean;
  subjectMatches: boolean;
}

export interface CountersignReport {
  ok: boolean;
  /** The first failing check's code; null when all pass. */
  code: CountersignCode | null;
  /** SHA-256 (hex) and length of the file as received. */
  sha256: string;
  bytes: number;
  checks: CheckResult[];
  signatures: SignatureInfo[];
}

const SIG_FIELD_KEYS = new Set(['V', 'AP', 'AS', 'MK', 'F']);
const ACROFORM_KEYS = new Set(['SigFlags', 'DA', 'DR']);
const CATALOG_KEYS = new Set(['DSS', 'Extensions']);

const HASHES: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};
const OID_SIGNED_DATA = '1.2.840.113549.1.7.2';
const OID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';

const SUBJECT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'SERIALNUMBER',
  '2.5.4.6': 'C',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '2.5.4.97': 'organizationIdentifier',
  '0.9.2342.19200300.100.1.1': 'UID',
};

const RESIDENT_ID = /^(?:[A-Z]{3,5}-)?(\d{17}[\dX])$/;

function maskResidentId(id: string): string {
  return `${id.slice(0, 6)}${'*'.repeat(Math.max(0, id.length - 10))}${id.slice(-4)}`;
}

const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function fail(check: CountersignCheck, code: CountersignCode, detail: string): CheckResult {
  return { check, ok: false, code, detail };
}
function pass(check: CountersignCheck, detail: string): CheckResult {
  return { check, ok: true, code: null, detail };
}

function report(bytes: Uint8Array, checks: CheckResult[], signatures: SignatureInfo[]): CountersignReport {
  const first = checks.find((c) => !c.ok);
  return {
    ok: !first,
    code: first?.code ?? null,
    sha256: sha256Hex(bytes),
    bytes: bytes.length,
    checks,
    signatures,
  };
}

function latin(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + from, Math.max(0, to - from)).toString('latin1');
}

async function parse(bytes: Uint8Array): Promise<PDFContext> {
  return PDFParser.forBytesWithOptions(bytes, Number.POSITIVE_INFINITY, false).parseDocument();
}

/** Verifies a counter-signed contract; never throws on bad input (a report with its code instead). */
export async function verifyCountersigned(
  input: Uint8Array,
  expected: CountersignExpectation,
): Promise<CountersignReport> {
  const bytes = input;
  if (bytes.length > COUNTERSIGN_MAX_BYTES) {
    return report(
      bytes,
      [fail('format', 'too_large', `${bytes.length} bytes; the limit is ${COUNTERSIGN_MAX_BYTES}.`)],
      [],
    );
  }
  const head = latin(bytes, 0, Math.min(1024, bytes.length));
  const tail = latin(bytes, Math.max(0, bytes.length - 1024), bytes.length);
  if (!/%PDF-\d\.\d/.test(head) || !tail.includes('%%EOF')) {
    return report(bytes, [fail('format', 'not_pdf', 'No %PDF- header or no %%EOF marker: not a PDF file.')], []);
  }
  let full: PDFContext;
  try {
    full = await parse(bytes);
  } catch (e) {
    if (/\/Encrypt\b/.test(latin(bytes, 0, bytes.length))) {
      return report(bytes, [fail('format', 'encrypted', 'The PDF is encrypted.')], []);
    }
    return report(bytes, [fail('format', 'malformed', `The PDF cannot be parsed: ${(e as Error).message}`)], []);
  }
  if (full.trailerInfo.Encrypt) {
    return report(bytes, [fail('format', 'encrypted', 'The PDF is encrypted (its trailer names /Encrypt).')], []);
  }
  const checks: CheckResult[] = [pass('format', `PDF, ${bytes.length} bytes, not encrypted.`)];

  // The original revision, byte for byte.
  const originalOk =
    bytes.length >= expected.bytes && sha256Hex(bytes.subarray(0, expected.bytes)) === expected.sha256.toLowerCase();
  checks.push(
    originalOk
      ? pass('original', `The first ${expected.bytes} bytes are the sealed original (SHA-256 ${expected.sha256}).`)
      : fail(
          'original',
          'original_altered',
          bytes.length < expected.bytes
            ? `The file (${bytes.length} bytes) is shorter than the sealed original (${expected.bytes}).`
            : `The first ${expected.bytes} bytes hash to ${sha256Hex(bytes.subarray(0, expected.bytes))}, not the sealed ${expected.sha256}.`,
        ),
  );
  let original: PDFContext | null = null;
  if (originalOk) {
    try {
      original = await parse(bytes.subarray(0, expected.bytes));
    } catch {
      original = null;
    }
  }

  const fields = signatureFields(full);
  const signatures: SignatureInfo[] = [];

  // The bank's seal.
  const bank = fields.get('bank');
  if (!bank?.sig) {
    checks.push(fail('bank_seal', 'bank_signature_invalid', 'The bank signature field is missing or unsigned.'));
  } else {
    const v = verifySignature(bytes, bank.sig, expected.trustedRoots);
    signatures.push(info('bank', 'bank', v, false));
    const covers = v.range && v.range[0] === 0 && v.range[2] + v.range[3] === expected.bytes;
    if (!v.ok) checks.push(fail('bank_seal', 'bank_signature_invalid', `Bank seal: ${v.detail}`));
    else if (!covers) {
      checks.push(
        fail(
          'bank_seal',
          'bank_signature_invalid',
          `The bank seal does not cover the original revision [0, ${expected.bytes}).`,
        ),
      );
    } else checks.push(pass('bank_seal', `Bank seal valid over [0, ${expected.bytes}) by ${v.subject}.`));
  }

  // The parties.
  const parties = expected.signers.filter((s) => s.identifierKind !== 'bank' && s.fieldName !== 'bank');
  const signed = parties.filter((s) => fields.get(s.fieldName)?.sig);
  const partyResults: CheckResult[] = [];
  if (signed.length === 0) {
    partyResults.push(
      fail(
        'signers',
        'bank_only',
        `Signed only by the bank: none of ${parties.map((p) => p.fieldName).join(', ')} is signed.`,
      ),
    );
  } else {
    for (const p of parties) {
      const f = fields.get(p.fieldName);
      if (!f) {
        partyResults.push(fail('signers', 'signer_missing', `No signature field "${p.fieldName}" (${p.role}).`));
        continue;
      }
      if (!f.sig) {
        partyResults.push(fail('signers', 'signer_missing', `The field "${p.fieldName}" (${p.role}) is not signed.`));
        continue;
      }
      const v = verifySignature(bytes, f.sig, expected.trustedRoots);
      const matches = v.cert ? subjectMatches(v.cert, p) : false;
      signatures.push(info(p.fieldName, p.role, v, matches));
      if (!v.ok) {
        partyResults.push(fail('signers', 'signer_signature_invalid', `"${p.fieldName}": ${v.detail}`));
      } else if (!coversOriginal(v.range, expected.bytes)) {
        partyResults.push(
          fail('signers', 'signer_signature_invalid', `"${p.fieldName}" does not cover the whole original revision.`),
        );
      } else if (!matches) {
        partyResults.push(
          fail(
            'signers',
            'signer_mismatch',
            `"${p.fieldName}" is signed by ${v.subject}, not ${p.name} (${p.identifier}).`,
          ),
        );
      } else if (expected.trustedRoots && !v.trusted) {
        partyResults.push(
          fail('signers', 'signer_untrusted', `"${p.fieldName}": the certificate is not from a trusted CA.`),
        );
      }
    }
  }
  checks.push(
    ...(partyResults.length > 0
      ? partyResults
      : [pass('signers', `All ${parties.length} parties signed: ${parties.map((p) => p.fieldName).join(', ')}.`)]),
  );

  // What the updates changed.
  if (!original) {
    checks.push(fail('update', 'update_not_signature_only', 'The original revision could not be compared.'));
  } else {
    const changes = disallowedChanges(original, full, new Set(parties.map((p) => p.fieldName)));
    checks.push(
      changes.length === 0
        ? pass('update', 'The updates after the seal change only the parties’ signature fields.')
        : fail('update', 'update_not_signature_only', `After the bank seal: ${changes.slice(0, 5).join('; ')}.`),
    );
  }
  return report(bytes, checks, signatures);
}

/** A party's ByteRange starts at 0 and leaves out only a gap after the original revision. */
function coversOriginal(range: Verified['range'], bytes: number): boolean {
  return range !== null && range[0] === 0 && range[1] >= bytes;
}

interface SigField {
  ref: PDFRef | null;
  dict: PDFDict;
  sig: PDFDict | null;
}

function str(o: PDFObject | undefined): string | undefined {
  return o instanceof PDFString || o instanceof PDFHexString ? o.decodeText() : undefined;
}

/** Signature fields of the document's AcroForm by name (top-level fields, as render.ts writes them). */
function signatureFields(ctx: PDFContext): Map<string, SigField> {
  const out = new Map<string, SigField>();
  const root = ctx.lookup(ctx.trailerInfo.Root);
  if (!(root instanceof PDFDict)) return out;
  const acro = root.lookup(PDFName.of('AcroForm'));
  const list = acro instanceof PDFDict ? acro.lookup(PDFName.of('Fields')) : undefined;
  if (!(list instanceof PDFArray)) return out;
  for (let i = 0; i < list.size(); i++) {
    const raw = list.get(i);
    const dict = ctx.lookup(raw);
    if (!(dict instanceof PDFDict)) continue;
    const name = str(dict.lookup(PDFName.of('T')));
    const ft = dict.lookup(PDFName.of('FT'));
    if (!name || !(ft instanceof PDFName) || ft.asString() !== '/Sig') continue;
    const v = dict.lookup(PDFName.of('V'));
    out.set(name, { ref: raw instanceof PDFRef ? raw : null, dict, sig: v instanceof PDFDict ? v : null });
  }
  return out;
}

interface Verified {
  ok: boolean;
  detail: string;
  range: [number, number, number, number] | null;
  cert: pkijs.Certificate | null;
  subject: string;
  issuer: string;
  serial: string;
  signingTime: string | null;
  digestOk: boolean;
  signatureOk: boolean;
  chainOk: boolean;
  trusted: boolean;
}

function info(fieldName: string, role: string, v: Verified, subjectOk: boolean): SignatureInfo {
  return {
    fieldName,
    role,
    subject: v.subject,
    issuer: v.issuer,
    serialNumber: v.serial,
    signingTime: v.signingTime,
    coversTo: v.range ? v.range[2] + v.range[3] : 0,
    digestOk: v.digestOk,
    signatureOk: v.signatureOk,
    chainOk: v.chainOk,
    subjectMatches: subjectOk,
  };
}

/** The CMS of one signature dictionary, checked over its ByteRange. */
function verifySignature(bytes: Uint8Array, sig: PDFDict, trustedRoots?: Uint8Array[]): Verified {
  const v: Verified = {
    ok: false,
    detail: '',
    range: null,
    cert: null,
    subject: '',
    issuer: '',
    serial: '',
    signingTime: str(sig.lookup(PDFName.of('M'))) ?? null,
    digestOk: false,
    signatureOk: false,
    chainOk: false,
    trusted: false,
  };
  const br = sig.lookup(PDFName.of('ByteRange'));
  const contents = sig.lookup(PDFName.of('Contents'));
  const nums = br instanceof PDFArray ? br.asArray().map((n) => (n instanceof PDFNumber ? n.asNumber() : -1)) : [];
  if (nums.length !== 4 || !(contents instanceof PDFHexString || contents instanceof PDFString)) {
    v.detail = 'the signature dictionary has no ByteRange of four numbers or no Contents.';
    return v;
  }
  const [a, b, c, d] = nums as [number, number, number, number];
  if (a !== 0 || b <= 0 || c <= b || d < 0 || c + d > bytes.length || !Number.isInteger(b + c + d)) {
    v.detail = `the ByteRange [${nums.join(' ')}] is not within the file.`;
    return v;
  }
  v.range = [a, b, c, d];
  // The gap must be exactly this dictionary's <hex> Contents, nothing else left unsigned.
  const cms = contents.asBytes();
  const gap = latin(bytes, b, c);
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || Buffer.from(gap.slice(1, -1), 'hex').compare(Buffer.from(cms)) !== 0) {
    v.detail = 'the ByteRange leaves out more than the signature’s own Contents.';
    return v;
  }
  let sd: pkijs.SignedData;
  let rawCerts: Uint8Array[] = [];
  try {
    const asn = asn1js.fromBER(cms);
    if (asn.offset === -1) throw new Error(asn.result.error);
    const ci = new pkijs.ContentInfo({ schema: asn.result });
    if (ci.contentType !== OID_SIGNED_DATA) throw new Error(`content type ${ci.contentType}`);
    sd = new pkijs.SignedData({ schema: ci.content });
    rawCerts = certificateBytes(ci.content as asn1js.Sequence);
  } catch (e) {
    v.detail = `the signature is not a CMS SignedData (${(e as Error).message}).`;
    return v;
  }
  const si = sd.signerInfos[0];
  // Each certificate with the bytes it was carried as (re-encoding could change them, and with them
  // the issuer's signature over them).
  const certs = (sd.certificates ?? []).flatMap((x, i) =>
    x instanceof pkijs.Certificate && rawCerts[i] ? [{ cert: x, der: rawCerts[i]! }] : [],
  );
  const sid = si?.sid;
  const found =
    sid instanceof pkijs.IssuerAndSerialNumber
      ? certs.find((x) => x.cert.issuer.isEqual(sid.issuer) && x.cert.serialNumber.isEqual(sid.serialNumber))
      : undefined;
  const cert = found?.cert;
  if (!si || !cert) {
    v.detail = 'the CMS carries no signer certificate.';
    return v;
  }
  v.cert = cert;
  v.subject = describeName(cert.subject);
  v.issuer = describeName(cert.issuer);
  v.serial = Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex');
  const hash = HASHES[si.digestAlgorithm.algorithmId];
  if (!hash) {
    v.detail = `unsupported digest algorithm ${si.digestAlgorithm.algorithmId}.`;
    return v;
  }
  const digest = createHash(hash)
    .update(bytes.subarray(a, b))
    .update(bytes.subarray(c, c + d))
    .digest();
  let signedBytes: Uint8Array;
  if (si.signedAttrs) {
    const md = si.signedAttrs.attributes.find((x) => x.type === OID_MESSAGE_DIGEST)?.values[0];
    const claimed = md instanceof asn1js.OctetString ? Buffer.from(md.valueBlock.valueHexView) : null;
    v.digestOk = !!claimed && claimed.equals(digest);
    signedBytes = new Uint8Array(si.signedAttrs.encodedValue);
    signedBytes[0] = 0x31; // verified as a SET OF, not the [0] IMPLICIT it is carried as
  } else {
    v.digestOk = true;
    signedBytes = new Uint8Array(Buffer.concat([bytes.subarray(a, b), bytes.subarray(c, c + d)]));
  }
  // node:crypto (OpenSSL) reads the certificate as carried; one it cannot read (not DER) fails this signature.
  const x509 = readCertificate(found!.der);
  if (!x509) {
    v.detail = 'the signer certificate cannot be read (not a DER-encoded X.509 certificate).';
    return v;
  }
  try {
    v.signatureOk = cryptoVerify(hash, signedBytes, x509.publicKey, Buffer.from(si.signature.valueBlock.valueHexView));
  } catch {
    v.signatureOk = false;
  }
  const chain = certs.flatMap((x) => readCertificate(x.der) ?? []);
  const issuer = chain.find((x) => x.subject === x509.issuer && x.fingerprint256 !== x509.fingerprint256) ?? x509;
  v.chainOk = verifiedBy(x509, issuer);
  if (trustedRoots) {
    const roots = trustedRoots.flatMap((r) => readCertificate(r) ?? []);
    v.trusted = roots.some((r) => r.subject === x509.issuer && verifiedBy(x509, r));
    if (!v.trusted && issuer !== x509) {
      v.trusted = roots.some((r) => r.subject === issuer.issuer && verifiedBy(issuer, r)) && v.chainOk;
    }
  }
  if (!v.digestOk) v.detail = 'the message digest does not match the signed bytes (a signature over another document).';
  else if (!v.signatureOk) v.detail = 'the signature does not verify with the signer certificate’s public key.';
  else {
    v.ok = true;
    v.detail = 'valid.';
  }
  return v;
}

/** The certificates of a SignedData ([0] IMPLICIT CertificateSet), each as the bytes it was carried as. */
function certificateBytes(signedData: asn1js.Sequence): Uint8Array[] {
  const set = signedData.valueBlock.value.find((b) => b.idBlock.tagClass === 3 && b.idBlock.tagNumber === 0);
  const items = (set?.valueBlock as { value?: asn1js.AsnType[] } | undefined)?.value ?? [];
  return items.map((b) => new Uint8Array(b.valueBeforeDecodeView));
}

function readCertificate(der: Uint8Array): X509Certificate | null {
  try {
    return new X509Certificate(der);
  } catch {
    return null;
  }
}

function verifiedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function nameValues(name: pkijs.RelativeDistinguishedNames): { type: string; value: string }[] {
  return name.typesAndValues.map((tv) => ({
    type: SUBJECT_NAMES[tv.type] ?? tv.type,
    value: String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value ?? ''),
  }));
}

/** "CN=…, O=…, SERIALNUMBER=310101********4328": resident ID numbers masked. */
function describeName(name: pkijs.RelativeDistinguishedNames): string {
  return nameValues(name)
    .map(({ type, value }) => {
      const id = RESIDENT_ID.exec(value);
      return `${type}=${id ? value.replace(id[1]!, maskResidentId(id[1]!)) : value}`;
    })
    .join(', ');
}

/**
 * Whether a certificate names the party. An enterprise (USCC): some subject attribute is the USCC
 * (as is, or as an ETSI semantic identifier such as `NTRCN-<USCC>` in organizationIdentifier). A
 * person: the CN is the party's name AND a SERIALNUMBER/UID attribute carries the resident ID number
 * (as is or `IDCCN-<id>`) equal to the party's — compared in full when the bank knows it, masked
 * (first 6 and last 4) when only the exported manifest's masked number is at hand. A name alone is
 * never enough.
 */
export function subjectMatches(cert: pkijs.Certificate, party: ExpectedSigner): boolean {
  const values = nameValues(cert.subject);
  if (party.identifierKind === 'uscc') {
    const uscc = party.identifier.toUpperCase();
    return values.some(({ value }) => value.toUpperCase() === uscc || value.toUpperCase().endsWith(`-${uscc}`));
  }
  if (party.identifierKind === 'resident-id') {
    const cn = values.find((x) => x.type === 'CN')?.value;
    if (cn?.trim() !== party.name.trim()) return false;
    const masked = party.identifier.includes('*');
    return values
      .filter((x) => x.type === 'SERIALNUMBER' || x.type === 'UID')
      .some(({ value }) => {
        const id = RESIDENT_ID.exec(value.toUpperCase())?.[1];
        if (!id) return false;
        return masked ? maskResidentId(id) === party.identifier.toUpperCase() : id === party.identifier.toUpperCase();
      });
  }
  return false;
}

function refKey(r: PDFRef): string {
  return `${r.objectNumber} ${r.generationNumber}`;
}

function typeOf(o: PDFObject | undefined): string {
  if (!(o instanceof PDFDict) && !(o && 'dict' in o)) return '';
  const d = o instanceof PDFDict ? o : (o as unknown as { dict: PDFDict }).dict;
  const t = d.get(PDFName.of('Type'));
  return t instanceof PDFName ? ` (${t.asString()})` : '';
}

/** Keys whose values differ between two dictionaries. */
function changedKeys(a: PDFDict, b: PDFDict): string[] {
  const keys = new Set([...a.keys(), ...b.keys()].map((k) => k.asString().slice(1)));
  return [...keys].filter((k) => String(a.get(PDFName.of(k)) ?? '') !== String(b.get(PDFName.of(k)) ?? ''));
}

/** Every change from the original revision to the final document that is not a party's signature. */
function disallowedChanges(original: PDFContext, full: PDFContext, partyFields: Set<string>): string[] {
  const out: string[] = [];
  const rootRef = original.trailerInfo.Root;
  if (String(full.trailerInfo.Root) !== String(rootRef))
    out.push(`the document catalogue was replaced (${full.trailerInfo.Root})`);
  const root = original.lookup(rootRef);
  const acroRaw = root instanceof PDFDict ? root.get(PDFName.of('AcroForm')) : undefined;
  const infoRefs = new Set([original.trailerInfo.Info, full.trailerInfo.Info].filter(Boolean).map(String));
  for (const [ref, after] of full.enumerateIndirectObjects()) {
    const before = original.lookup(ref);
    if (!before) continue; // new objects are reachable only through the changes checked here
    if (String(before) === String(after)) continue;
    const key = refKey(ref);
    if (infoRefs.has(String(ref))) continue;
    if (before instanceof PDFDict && after instanceof PDFDict) {
      const changed = changedKeys(before, after);
      const name = str(before.lookup(PDFName.of('T')));
      const ft = before.lookup(PDFName.of('FT'));
      let allowed: Set<string> | null = null;
      if (name && partyFields.has(name) && ft instanceof PDFName && ft.asString() === '/Sig') allowed = SIG_FIELD_KEYS;
      else if (acroRaw instanceof PDFRef && refKey(acroRaw) === key) allowed = ACROFORM_KEYS;
      else if (rootRef instanceof PDFRef && refKey(rootRef) === key) allowed = CATALOG_KEYS;
      const bad = changed.filter((k) => !allowed?.has(k));
      if (bad.length > 0) out.push(`object ${key}${typeOf(before)} changed: /${bad.join(', /')}`);
      continue;
    }
    out.push(`object ${key}${typeOf(before)} changed`);
  }
  return out;
}
