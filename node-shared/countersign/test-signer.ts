/**
 * TEST ONLY: a stand-in for the e-signature platform. Makes a test CA and party certificates (pkijs,
 * WebCrypto RSA 2048) and counter-signs a bank-sealed contract the way a platform does: one
 * incremental update per party, filling the party's existing signature field with a CAdES-detached
 * CMS (content-type, message-digest) over the whole file but the signature's own /Contents. Options
 * make the bad files the verifier must refuse (a CMS over another document, page content changed).
 * Used by unit, API and e2e tests; never by the product.
 */
import { createHash, createPrivateKey, type KeyObject, sign as rsaSign, webcrypto } from 'node:crypto';
import { PDFArray, PDFDict, PDFName, PDFParser, PDFRef, PDFStream, PDFString } from 'pdf-lib';
import type * as pkijs from 'pkijs';
import { distinguishedName, makeCertificate, RSA_2048 } from '../pki/certificate';
import { encodeDetachedCms } from '../pki/cms';

export interface TestIdentity {
  privateKey: KeyObject;
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
}

export interface TestCa {
  certificateDer: Uint8Array;
  signingKey: webcrypto.CryptoKey;
  name: pkijs.RelativeDistinguishedNames;
}

const dn = distinguishedName;
const DAY = 24 * 3600e3;
const makeCert = (
  subject: pkijs.RelativeDistinguishedNames,
  issuer: pkijs.RelativeDistinguishedNames,
  publicKey: webcrypto.CryptoKey,
  signingKey: webcrypto.CryptoKey,
  ca: boolean,
) =>
  makeCertificate({
    subject,
    issuer,
    publicKey,
    signingKey,
    ca,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 2 * 365 * DAY),
  });

/** A TEST ONLY e-signature CA. */
export async function createTestCa(): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const name = dn([
    ['2.5.4.6', 'CN'],
    ['2.5.4.10', 'TEST ONLY e-signature platform'],
    ['2.5.4.3', 'TEST ONLY e-signature CA'],
  ]);
  const certificateDer = await makeCert(name, name, keys.publicKey, keys.privateKey, true);
  return { certificateDer, signingKey: keys.privateKey, name };
}

/**
 * A party certificate from the test CA. An enterprise: CN and O its name, organizationIdentifier
 * `NTRCN-<USCC>`; a person: CN the name, SERIALNUMBER the resident ID number.
 */
export async function issueTestIdentity(
  ca: TestCa,
  party: { name: string; identifier: string; kind: 'uscc' | 'resident-id' },
): Promise<TestIdentity> {
  const keys = (await webcrypto.subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const subject =
    party.kind === 'uscc'
      ? dn([
          ['2.5.4.6', 'CN'],
          ['2.5.4.10', party.name],
          ['2.5.4.97', `NTRCN-${party.identifier}`],
          ['2.5.4.3', party.name],
        ])
      : dn([
          ['2.5.4.6', 'CN'],
          ['2.5.4.5', party.identifier],
          ['2.5.4.3', party.name],
        ]);
  const certificateDer = await makeCert(subject, ca.name, keys.publicKey, ca.signingKey, false);
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  return {
    privateKey: createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }),
    certificateDer,
    chainDer: [ca.certificateDer],
  };
}

/** A detached CMS SignedData over `content` (content-type and message-digest signed attributes). */
export function testCms(content: Uint8Array, id: TestIdentity): Uint8Array {
  return encodeDetachedCms({
    certificateDer: id.certificateDer,
    chainDer: id.chainDer,
    digest: createHash('sha256').update(content).digest(),
    sign: (toSign) => rsaSign('sha256', toSign, id.privateKey),
  }).cms;
}

export interface CountersignOptions {
  fieldName: string;
  identity: TestIdentity;
  /** Bad file: the CMS is computed over these bytes instead of the ByteRange. */
  signOver?: Uint8Array;
  /** Bad file: the same update also rewrites page 1's content stream. */
  alterPageContent?: boolean;
}

const CONTENTS_BYTES = 8192;
const PLACEHOLDER = '[0 0000000000 0000000000 0000000000]';

/** Appends one incremental update in which `fieldName` is signed (see the module comment). */
export async function countersign(pdf: Uint8Array, o: CountersignOptions): Promise<Uint8Array> {
  const ctx = await PDFParser.forBytesWithOptions(pdf).parseDocument();
  const root = ctx.lookup(ctx.trailerInfo.Root, PDFDict);
  const acro = root.lookup(PDFName.of('AcroForm'), PDFDict);
  const fields = acro.lookup(PDFName.of('Fields'), PDFArray);
  let fieldRef: PDFRef | undefined;
  for (let i = 0; i < fields.size(); i++) {
    const r = fields.get(i);
    const d = ctx.lookup(r, PDFDict);
    const t = d.lookup(PDFName.of('T'));
    if (t instanceof PDFString && t.decodeText() === o.fieldName && r instanceof PDFRef) fieldRef = r;
  }
  if (!fieldRef) throw new Error(`test signer: no field ${o.fieldName}`);
  const field = ctx.lookup(fieldRef, PDFDict).clone(ctx);
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = field
    .lookup(PDFName.of('Rect'), PDFArray)
    .asArray()
    .map((n) => Number(n.toString()));
  const w = x2 - x1;
  const h = y2 - y1;
  const sigNum = ctx.largestObjectNumber + 1;
  const apNum = sigNum + 1;
  field.set(PDFName.of('V'), PDFRef.of(sigNum));
  field.set(PDFName.of('AP'), ctx.obj({ N: PDFRef.of(apNum) }));
  const ap = `0 0.3 0.8 RG 2 w 4 4 ${w - 8} ${h - 8} re S 4 4 m ${w - 4} ${h - 4} l S`;
  const objects: [string, string][] = [
    [refKey(fieldRef), field.toString()],
    [
      `${sigNum} 0`,
      `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${PLACEHOLDER} ` +
        `/Contents <${'0'.repeat(CONTENTS_BYTES * 2)}> /M (D:20261130100000+08'00') /Name (TEST ONLY ${o.fieldName}) ` +
        `/Reason (Counter-signed on the test e-signature platform) >>`,
    ],
    [
      `${apNum} 0`,
      `<< /Type /XObject /Subtype /Form /BBox [0 0 ${w} ${h}] /Resources << >> /Length ${ap.length} >>\nstream\n${ap}\nendstream`,
    ],
  ];
  if (o.alterPageContent) {
    const page = ctx.lookup(
      ctx
        .lookup(root.get(PDFName.of('Pages')), PDFDict)
        .lookup(PDFName.of('Kids'), PDFArray)
        .get(0),
      PDFDict,
    );
    const c = page.get(PDFName.of('Contents'));
    const contentRef = c instanceof PDFArray ? c.get(0) : c;
    if (!(contentRef instanceof PDFRef) || !(ctx.lookup(contentRef) instanceof PDFStream)) {
      throw new Error('test signer: page 1 has no content stream');
    }
    const ops = 'BT /F1 30 Tf 100 400 Td (ALTERED) Tj ET';
    objects.push([refKey(contentRef), `<< /Length ${ops.length} >>\nstream\n${ops}\nendstream`]);
  }
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(
    Buffer.from(pdf.subarray(Math.max(0, pdf.length - 200))).toString('latin1'),
  );
  if (!prev) throw new Error('test signer: no startxref');
  let body = '\n';
  const offsets: [number, number][] = [];
  for (const [ref, text] of objects) {
    offsets.push([Number(ref.split(' ')[0]), pdf.length + Buffer.byteLength(body, 'latin1')]);
    body += `${ref} obj\n${text}\nendobj\n`;
  }
  const xrefAt = pdf.length + Buffer.byteLength(body, 'latin1');
  body += 'xref\n';
  for (const [num, off] of offsets.sort((a, b) => a[0] - b[0])) {
    body += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  }
  const info = ctx.trailerInfo.Info ? ` /Info ${ctx.trailerInfo.Info}` : '';
  const id = ctx.trailerInfo.ID ? ` /ID ${ctx.trailerInfo.ID}` : '';
  body += `trailer\n<< /Size ${apNum + 1} /Root ${ctx.trailerInfo.Root}${info}${id} /Prev ${prev[1]} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  const out = Buffer.concat([Buffer.from(pdf), Buffer.from(body, 'latin1')]);
  const at = out.indexOf(PLACEHOLDER, pdf.length, 'latin1');
  const cStart = out.indexOf('/Contents <', at, 'latin1') + '/Contents '.length;
  const cEnd = cStart + CONTENTS_BYTES * 2 + 2;
  const range = `[0 ${pad(cStart)} ${pad(cEnd)} ${pad(out.length - cEnd)}]`;
  out.write(range, at, 'latin1');
  const signed = Buffer.concat([out.subarray(0, cStart), out.subarray(cEnd)]);
  const cms = testCms(o.signOver ?? signed, o.identity);
  if (cms.length > CONTENTS_BYTES) throw new Error('test signer: CMS larger than its placeholder');
  out.write(
    Buffer.from(cms)
      .toString('hex')
      .padEnd(CONTENTS_BYTES * 2, '0'),
    cStart + 1,
    'latin1',
  );
  return new Uint8Array(out);
}

function refKey(r: PDFRef): string {
  return `${r.objectNumber} ${r.generationNumber}`;
}
function pad(n: number): string {
  return String(n).padStart(10, '0');
}
