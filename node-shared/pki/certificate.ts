/**
 * X.509 certificates made with pkijs for the TEST ONLY authorities: the sandbox seal's CA
 * (electron/contracts/certificates.ts) and the test e-signature platform (node-shared/countersign/test-signer.ts).
 * Both need the same DER-correct certificate; it lives here once.
 */
import { randomBytes, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';

const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

/** RSA 2048 with SHA-256 (PKCS#1 v1.5), for WebCrypto generateKey. */
export const RSA_2048 = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;

/**
 * A positive 96-bit serial number in minimal DER: its first byte is 0x01–0x7f. (A random first byte
 * masked to 0x00–0x7f gave a leading zero once in 256 serials — a non-minimal INTEGER that OpenSSL 3.5,
 * in Node 22, refuses to parse: "PEM routines::no start line".)
 */
export function certificateSerial(random: Uint8Array = randomBytes(12)): Uint8Array {
  const serial = new Uint8Array(random);
  serial[0] = 1 + (serial[0]! % 0x7f);
  return serial;
}

export interface CertificateSpec {
  subject: pkijs.RelativeDistinguishedNames;
  issuer: pkijs.RelativeDistinguishedNames;
  publicKey: webcrypto.CryptoKey;
  signingKey: webcrypto.CryptoKey;
  /** A CA (keyCertSign, cRLSign) or an end entity (digitalSignature, nonRepudiation). */
  ca: boolean;
  notBefore: Date;
  notAfter: Date;
}

/** A v3 certificate signed with SHA-256, as DER. */
export async function makeCertificate(o: CertificateSpec): Promise<Uint8Array> {
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: certificateSerial() });
  cert.subject = o.subject;
  cert.issuer = o.issuer;
  cert.notBefore.value = o.notBefore;
  cert.notAfter.value = o.notAfter;
  const basic = new pkijs.BasicConstraints({ cA: o.ca });
  const usage = o.ca
    ? new asn1js.BitString({ valueHex: new Uint8Array([0x06]).buffer, unusedBits: 1 })
    : new asn1js.BitString({ valueHex: new Uint8Array([0xc0]).buffer, unusedBits: 6 });
  cert.extensions = [
    new pkijs.Extension({
      extnID: '2.5.29.19',
      critical: true,
      extnValue: basic.toSchema().toBER(false),
      parsedValue: basic,
    }),
    new pkijs.Extension({ extnID: '2.5.29.15', critical: true, extnValue: usage.toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(o.publicKey);
  // sha256WithRSAEncryption with explicit NULL parameters (RFC 4055), as OpenSSL and node-forge write it:
  // pkijs's sign() leaves them out, and node-forge's PKCS#12 writer then adds them to the outer algorithm
  // only, so the certificate's two algorithm fields differ and its issuer's signature no longer verifies.
  const algorithm = () =>
    new pkijs.AlgorithmIdentifier({ algorithmId: SHA256_WITH_RSA, algorithmParams: new asn1js.Null() });
  cert.signature = algorithm();
  cert.signatureAlgorithm = algorithm();
  cert.tbsView = new Uint8Array(cert.encodeTBS().toBER(false));
  const signature = await webcrypto.subtle.sign(RSA_2048.name, o.signingKey, cert.tbsView);
  cert.signatureValue = new asn1js.BitString({ valueHex: signature });
  return new Uint8Array(cert.toSchema(false).toBER(false));
}

/**
 * A distinguished name, each attribute its own RDN (pkijs would put them all in one multi-valued RDN):
 * [['2.5.4.3', 'CN value'], …]. Country (C) and SERIALNUMBER are PrintableString, the rest UTF8String.
 */
export function distinguishedName(attrs: [string, string][]): pkijs.RelativeDistinguishedNames {
  const seq = new asn1js.Sequence({
    value: attrs.map(
      ([type, value]) =>
        new asn1js.Set({
          value: [
            new pkijs.AttributeTypeAndValue({
              type,
              value:
                type === '2.5.4.6' || type === '2.5.4.5'
                  ? new asn1js.PrintableString({ value })
                  : new asn1js.Utf8String({ value }),
            }).toSchema(),
          ],
        }),
    ),
  });
  return pkijs.RelativeDistinguishedNames.fromBER(seq.toBER(false));
}
