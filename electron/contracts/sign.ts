/**
 * The bank's PAdES baseline B-B signature: sub-filter ETSI.CAdES.detached, a CMS SignedData (pkijs)
 * whose signed attributes are content-type, message-digest (SHA-256) and signing-certificate-v2 —
 * and no signing-time (the time is the signature dictionary's /M). The visible seal becomes the
 * appearance of the bank's signature widget, in the field render.ts left for it.
 */
import { createHash, sign as rsaSign } from 'node:crypto';
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SignPdf } from '@signpdf/signpdf';
import { Signer, SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import * as asn1js from 'asn1js';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFNumber, type PDFPage, PDFRef, PDFString } from 'pdf-lib';
import * as pkijs from 'pkijs';
import { CMS_OID, encodeDetachedCms } from '../../node-shared/pki/cms.js';
import { DomainError } from '../../shared/errors.js';
import type { SealCredentials } from './certificates.js';
import { lap, type StageTimes } from './render.js';
import { sealAppearance } from './seal.js';

/** Room for the CMS in the placeholder (bytes): two 2048-bit RSA certificates fit with margin. */
const SIGNATURE_LENGTH = 8192;

/** A CAdES-detached CMS signer for @signpdf (the stock P12 signer adds signing-time, PAdES forbids it). */
export class PadesCmsSigner extends Signer {
  constructor(private readonly seal: SealCredentials) {
    super();
  }

  override async sign(pdfBuffer: Buffer): Promise<Buffer> {
    return Buffer.from(cmsFromTemplate(pdfBuffer, this.seal));
  }
}

/** CMS SignedData (detached) over `content`, signed with the seal's key, built with pkijs end to end. */
export function buildCms(content: Uint8Array, seal: SealCredentials): Uint8Array {
  const digest = createHash('sha256').update(content).digest();
  return encodeCms(seal, digest, (toSign) => rsaSign('sha256', toSign, seal.privateKey)).cms;
}

/**
 * The CMS (node-shared/pki/cms.ts) with signing-certificate-v2 added to content-type and message-digest:
 * the signed attributes as they are signed (`toSign`), and the whole ContentInfo with `sign(toSign)`.
 */
function encodeCms(
  seal: SealCredentials,
  digest: Uint8Array,
  sign: (toSign: Uint8Array) => Uint8Array,
): { toSign: Uint8Array; cms: Uint8Array } {
  const certHash = createHash('sha256').update(seal.certificateDer).digest();
  return encodeDetachedCms({
    certificateDer: new Uint8Array(seal.certificateDer),
    chainDer: seal.chainDer.map((d) => new Uint8Array(d)),
    digest,
    sign,
    // ESSCertIDv2 { certHash, issuerSerial { issuer GeneralNames, serialNumber } }; hashAlgorithm defaults to SHA-256.
    extraSignedAttributes: (cert) => {
      const issuerSerial = new asn1js.Sequence({
        value: [
          new pkijs.GeneralNames({ names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })] }).toSchema(),
          new asn1js.Integer({ valueHex: cert.serialNumber.valueBlock.valueHexView }),
        ],
      });
      const signingCertificateV2 = new asn1js.Sequence({
        value: [
          new asn1js.Sequence({
            value: [new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: certHash }), issuerSerial] })],
          }),
        ],
      });
      return [new pkijs.Attribute({ type: CMS_OID.signingCertificateV2, values: [signingCertificateV2] })];
    },
  });
}

/**
 * A seal's CMS with two holes: everything in it but the document's digest (32 bytes) and the RSA
 * signature (the modulus's length) is the same for every document, so pkijs builds it once per seal
 * (about 7 ms of ASN.1 work) and each document only fills the holes.
 */
interface CmsTemplate {
  toSign: Uint8Array;
  digestInToSign: number;
  cms: Uint8Array;
  digestInCms: number;
  signatureInCms: number;
  signatureLength: number;
}

const cmsTemplates = new WeakMap<SealCredentials, CmsTemplate | null>();

/** Where `marker` occurs in `bytes`, when it occurs exactly once; else -1. */
function uniqueIndex(bytes: Uint8Array, marker: Uint8Array): number {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = b.indexOf(marker);
  return at >= 0 && b.indexOf(marker, at + 1) < 0 ? at : -1;
}

/** The seal's template (null when the holes cannot be found once each: then pkijs builds every CMS). */
function cmsTemplate(seal: SealCredentials): CmsTemplate | null {
  if (cmsTemplates.has(seal)) return cmsTemplates.get(seal)!;
  const signatureLength = rsaSign('sha256', Buffer.alloc(0), seal.privateKey).length;
  // Markers no encoding produces by chance: hash chains.
  const digestMarker = createHash('sha256').update('cms-template digest hole').digest();
  const signatureMarker = new Uint8Array(signatureLength);
  for (let i = 0; i < signatureLength; i += 32) {
    const block = createHash('sha256').update(`cms-template signature hole ${i}`).digest();
    signatureMarker.set(block.subarray(0, Math.min(32, signatureLength - i)), i);
  }
  const { toSign, cms } = encodeCms(seal, digestMarker, () => signatureMarker);
  const t: CmsTemplate = {
    toSign,
    digestInToSign: uniqueIndex(toSign, digestMarker),
    cms,
    digestInCms: uniqueIndex(cms, digestMarker),
    signatureInCms: uniqueIndex(cms, signatureMarker),
    signatureLength,
  };
  const ok = t.digestInToSign >= 0 && t.digestInCms >= 0 && t.signatureInCms >= 0;
  cmsTemplates.set(seal, ok ? t : null);
  return ok ? t : null;
}

/** The same CMS as buildCms (byte for byte: contract-font.test.ts), from the seal's template. */
export function cmsFromTemplate(content: Uint8Array, seal: SealCredentials): Uint8Array {
  const t = cmsTemplate(seal);
  if (!t) return buildCms(content, seal);
  const digest = createHash('sha256').update(content).digest();
  const toSign = t.toSign.slice();
  toSign.set(digest, t.digestInToSign);
  const signature = rsaSign('sha256', toSign, seal.privateKey);
  if (signature.length !== t.signatureLength) return buildCms(content, seal);
  const cms = t.cms.slice();
  cms.set(digest, t.digestInCms);
  cms.set(signature, t.signatureInCms);
  return cms;
}

export interface SignOptions {
  reason?: string;
  location?: string;
  /** Recorded in the signature dictionary's /M (not in the CMS). */
  signingTime?: Date;
  /** The bank's name for the seal; defaults to the certificate's organisation. */
  bankName: string;
  /** When given, milliseconds spent per stage are added here (the bench's per-stage figures). */
  stageTimes?: StageTimes;
}

/** The placeholder library writes these strings byte-for-byte; anything but printable ASCII would corrupt the file. */
function latin1(s: string | undefined): string {
  return s && /^[\x20-\x7e]*$/.test(s) ? s : '';
}

function fieldName(d: PDFDict): string | undefined {
  const t = d.lookup(PDFName.of('T'));
  return t instanceof PDFString ? t.decodeText() : undefined;
}

/** Finds and removes the unsigned 'bank' signature field; returns its page and rectangle. */
function takeBankField(doc: PDFDocument): { page: PDFPage; rect: number[] } {
  const acro = doc.catalog.lookupMaybe(PDFName.of('AcroForm'), PDFDict);
  const fields = acro?.lookupMaybe(PDFName.of('Fields'), PDFArray);
  if (fields) {
    for (let i = 0; i < fields.size(); i++) {
      const ref = fields.get(i);
      const f = doc.context.lookup(ref, PDFDict);
      if (fieldName(f) !== 'bank') continue;
      if (f.has(PDFName.of('V'))) {
        throw new DomainError(
          'CONTRACT_ALREADY_SIGNED',
          '该合同已由银行签章，不能重复签署。 This contract already carries the bank signature.',
        );
      }
      const rect = f
        .lookup(PDFName.of('Rect'), PDFArray)
        .asArray()
        .map((n) => (n as PDFNumber).asNumber());
      const pageRef = f.get(PDFName.of('P'));
      const page = doc.getPages().find((p) => p.ref === pageRef) ?? doc.getPages()[0]!;
      fields.remove(i);
      const annots = page.node.Annots();
      if (annots && ref instanceof PDFRef) {
        const at = annots.indexOf(ref);
        if (at !== undefined && at >= 0) annots.remove(at);
      }
      return { page, rect };
    }
  }
  throw new DomainError(
    'CONTRACT_NO_BANK_FIELD',
    '该文件不是本系统生成的合同（缺少银行签章区），不能签署。 This PDF has no bank signature field.',
  );
}

/** Applies the bank's seal signature to a contract rendered by render.ts. */
export async function signContract(pdf: Uint8Array, seal: SealCredentials, opts: SignOptions): Promise<Uint8Array> {
  const times = opts.stageTimes;
  let t0 = performance.now();
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const { page, rect } = takeBankField(doc);
  pdflibAddPlaceholder({
    pdfDoc: doc,
    pdfPage: page,
    reason: latin1(opts.reason) || 'Contract sealed by the lending bank',
    contactInfo: '',
    // PDFString in this library writes Latin-1 only; the signer's full (Chinese) name is in the certificate.
    name: `${seal.testOnly ? 'TEST ONLY ' : ''}bank seal, certificate serial ${seal.certificate.serialNumber}`,
    location: latin1(opts.location),
    signingTime: opts.signingTime,
    signatureLength: SIGNATURE_LENGTH,
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
    widgetRect: rect,
    appName: 'SME Credit Workstation',
  });
  const annots = page.node.Annots()!;
  const widget = doc.context.lookup(annots.get(annots.size() - 1), PDFDict);
  widget.set(PDFName.of('T'), PDFString.of('bank'));
  const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = rect;
  const spec = {
    bankName: opts.bankName,
    label: seal.testOnly ? '测试专用章' : '合同专用章',
    note: seal.testOnly ? 'TEST ONLY' : undefined,
  };
  widget.set(PDFName.of('AP'), doc.context.obj({ N: sealAppearance(doc, spec, x2 - x1, y2 - y1) }));
  t0 = lap(times, 'sign: PDF read, placeholder and seal drawn', t0);
  const prepared = await doc.save({ useObjectStreams: false });
  t0 = lap(times, 'sign: PDF saved with the placeholder', t0);
  const signed = await new SignPdf().sign(Buffer.from(prepared), new PadesCmsSigner(seal));
  lap(times, 'sign: digest, CMS (RSA), signature written', t0);
  return new Uint8Array(signed);
}
