/**
 * A throw-away PKI for the network tests: a bank CA, a server certificate it issued for 127.0.0.1 /
 * localhost, a client certificate as PKCS#12 with a passphrase, and a CA nobody trusts. Keys from
 * Node's crypto (fast), certificates with node-forge. Test use only.
 */
import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface Issued {
  certPem: string;
  keyPem: string;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    forgePriv: forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forgePub: forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString()),
  };
}

let serial = 1;

function issue(
  subjectCn: string,
  opts: {
    issuer?: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey };
    ca?: boolean;
    hosts?: string[];
    notAfter?: Date;
    notBefore?: Date;
  },
) {
  const k = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = k.forgePub;
  cert.serialNumber = (serial++).toString(16).padStart(4, '0');
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - 86_400_000);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 30 * 86_400_000);
  const subject = [{ name: 'commonName', value: subjectCn }];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.cert.subject.attributes : subject);
  const ext: object[] = [{ name: 'basicConstraints', cA: Boolean(opts.ca) }];
  if (opts.ca) ext.push({ name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true });
  else ext.push({ name: 'keyUsage', digitalSignature: true, keyEncipherment: true });
  if (opts.hosts)
    ext.push({
      name: 'subjectAltName',
      altNames: opts.hosts.map((h) => (/^\d/.test(h) ? { type: 7, ip: h } : { type: 2, value: h })),
    });
  if (!opts.ca) ext.push({ name: 'extKeyUsage', serverAuth: true, clientAuth: true });
  cert.setExtensions(ext);
  cert.sign(opts.issuer?.key ?? k.forgePriv, forge.md.sha256.create());
  return { cert, key: k.forgePriv, certPem: forge.pki.certificateToPem(cert), keyPem: k.keyPem };
}

export function makePki() {
  const ca = issue('Test Bank Root CA', { ca: true });
  const server = issue('127.0.0.1', { issuer: ca, hosts: ['127.0.0.1', 'localhost'] });
  const client = issue('workstation-desk-01', { issuer: ca });
  const stranger = issue('Nobody Trusts Me CA', { ca: true });
  const strangerServer = issue('127.0.0.1', { issuer: stranger, hosts: ['127.0.0.1'] });
  const expiredCa = issue('Expired CA', {
    ca: true,
    notBefore: new Date(Date.now() - 10 * 86_400_000),
    notAfter: new Date(Date.now() - 86_400_000),
  });
  const p12 = (passphrase: string) =>
    Buffer.from(
      forge.asn1
        .toDer(forge.pkcs12.toPkcs12Asn1(client.key, [client.cert, ca.cert], passphrase, { algorithm: '3des' }))
        .getBytes(),
      'binary',
    );
  return { ca, server, client, stranger, strangerServer, expiredCa, p12 };
}
