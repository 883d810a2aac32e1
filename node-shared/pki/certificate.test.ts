/**
 * The TEST ONLY certificates: minimal-DER serial numbers, and certificates that OpenSSL (node:crypto)
 * reads and verifies as they are — including after node-forge's PKCS#12 round trip.
 */
import { webcrypto, X509Certificate } from 'node:crypto';
import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { certificateSerial, distinguishedName, makeCertificate, RSA_2048 } from './certificate';

describe('TEST ONLY certificates', () => {
  it('a serial number never starts with a zero byte nor has its sign bit set', () => {
    expect(certificateSerial(new Uint8Array(12))[0]).toBe(1);
    expect(certificateSerial(new Uint8Array(12).fill(0x80))[0]).toBeLessThan(0x80);
    expect(certificateSerial(new Uint8Array(12).fill(0xff))[0]).toBeGreaterThan(0);
    for (let b = 0; b < 256; b++) {
      const s = certificateSerial(new Uint8Array([b, 0x12, 0x34]));
      expect(s[0]).toBeGreaterThanOrEqual(1);
      expect(s[0]).toBeLessThanOrEqual(0x7f);
      expect([...s.subarray(1)]).toEqual([0x12, 0x34]);
    }
  });

  it('every certificate parses in node:crypto and verifies against its issuer, also after node-forge re-encodes it', async () => {
    const subtle = webcrypto.subtle;
    const ca = (await subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const ee = (await subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const caName = distinguishedName([
      ['2.5.4.6', 'CN'],
      ['2.5.4.3', '测试根证书 (TEST ONLY)'],
    ]);
    const validity = { notBefore: new Date(Date.now() - 3600e3), notAfter: new Date(Date.now() + 86400e3) };
    const caCert = new X509Certificate(
      await makeCertificate({
        subject: caName,
        issuer: caName,
        publicKey: ca.publicKey,
        signingKey: ca.privateKey,
        ca: true,
        ...validity,
      }),
    );
    expect(caCert.ca).toBe(true);
    expect(caCert.verify(caCert.publicKey)).toBe(true);
    // Many serial numbers: the old masking gave an unreadable certificate about once in 512.
    for (let i = 0; i < 120; i++) {
      const der = await makeCertificate({
        subject: distinguishedName([
          ['2.5.4.3', `上海星河精密机械有限公司 ${i}`],
          ['2.5.4.5', '310101198503154328'],
        ]),
        issuer: caName,
        publicKey: ee.publicKey,
        signingKey: ca.privateKey,
        ca: false,
        ...validity,
      });
      const cert = new X509Certificate(der);
      expect(cert.verify(caCert.publicKey)).toBe(true);
      expect(cert.subject).toContain(`上海星河精密机械有限公司 ${i}`);
      const viaForge = Buffer.from(
        forge.asn1
          .toDer(
            forge.pki.certificateToAsn1(
              forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary'))),
            ),
          )
          .getBytes(),
        'binary',
      );
      expect(viaForge.equals(Buffer.from(der))).toBe(true);
    }
  }, 60_000);
});
