/**
 * A detached CMS SignedData (RFC 5652) with pkijs, as PAdES and e-signature platforms use it: SHA-256,
 * RSA PKCS#1 v1.5, signed attributes content-type and message-digest (plus whatever a caller adds, e.g.
 * signing-certificate-v2), no signing-time. One encoder for the bank's seal (electron/contracts/sign.ts)
 * and the test e-signature platform (node-shared/countersign/test-signer.ts).
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

export const CMS_OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
} as const;

export interface DetachedCmsInput {
  /** The signer's certificate (DER). */
  certificateDer: Uint8Array;
  /** Further certificates to carry (issuers), DER. */
  chainDer: readonly Uint8Array[];
  /** SHA-256 of the signed content. */
  digest: Uint8Array;
  /** Signed attributes after content-type and message-digest (already in DER SET OF order). */
  extraSignedAttributes?: (cert: pkijs.Certificate) => pkijs.Attribute[];
  /** The RSA signature (SHA-256) over the DER of the signed attributes. */
  sign: (toSign: Uint8Array) => Uint8Array;
}

/** The signed attributes as signed (`toSign`) and the whole ContentInfo (`cms`). */
export function encodeDetachedCms(input: DetachedCmsInput): { toSign: Uint8Array; cms: Uint8Array } {
  const cert = pkijs.Certificate.fromBER(new Uint8Array(input.certificateDer));
  const chain = input.chainDer.map((d) => pkijs.Certificate.fromBER(new Uint8Array(d)));
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({
        type: CMS_OID.contentType,
        values: [new asn1js.ObjectIdentifier({ value: CMS_OID.data })],
      }),
      new pkijs.Attribute({
        type: CMS_OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: input.digest })],
      }),
      ...(input.extraSignedAttributes?.(cert) ?? []),
    ],
  });
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31; // signed over as a SET, not the [0] IMPLICIT tag it carries in SignerInfo
  const signature = input.sign(toSign);
  const sha256 = () => new pkijs.AlgorithmIdentifier({ algorithmId: CMS_OID.sha256 });
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: sha256(),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: CMS_OID.sha256WithRsa,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: signature }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [sha256()],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: CMS_OID.data }),
    certificates: [cert, ...chain],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: CMS_OID.signedData, content: signedData.toSchema(true) });
  return { toSign, cms: new Uint8Array(contentInfo.toSchema().toBER(false)) };
}
