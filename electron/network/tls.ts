/**
 * The TLS material of the bank network settings, loaded and checked once at start: the extra CA
 * bundle (PEM) and the client certificate (PKCS#12 with its passphrase). An unreadable file, a file
 * with no certificate in it, an expired CA or a wrong passphrase is a problem that names the file and
 * the setting — main shows it and does not talk to the bank without the material it was told to use.
 *
 * Also the one trust decision Electron's certificate check needs (`trustedByExtraCa`): a server chain
 * that the system store does not know, accepted only when it ends at one of the extra CAs and is
 * otherwise sound (dates, host name). Plain Node (fs, crypto, tls); no Electron.
 */

import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import { describeSource, type NetworkConfig, type NetworkConfigProblem } from './config';

export interface TlsMaterial {
  /** The extra CA certificates, PEM, each checked. */
  ca: string[];
  /** The client certificate and its passphrase, checked by opening it. */
  pfx?: { bytes: Buffer; passphrase: string | undefined };
}

export type TlsResult = { ok: true; tls: TlsMaterial } | { ok: false; problems: NetworkConfigProblem[] };

const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

type ReadBytes = (path: string) => Buffer;

function readOrProblem(
  path: string,
  setting: NetworkConfigProblem['setting'],
  where: string,
  read: ReadBytes,
  problems: NetworkConfigProblem[],
): Buffer | null {
  try {
    return read(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'cannot be read (permission denied)'
          : `cannot be read (${code ?? (e as Error).message})`;
    problems.push({ setting, where, message: `the file ${path} ${why}` });
    return null;
  }
}

/** Loads and checks the CA bundle and client certificate the settings name. */
export function loadTlsMaterial(
  config: Pick<NetworkConfig, 'caBundlePath' | 'clientCertificate'>,
  opts: { read?: ReadBytes; now?: Date } = {},
): TlsResult {
  const read = opts.read ?? ((p: string) => readFileSync(p));
  const now = opts.now ?? new Date();
  const problems: NetworkConfigProblem[] = [];
  const tls: TlsMaterial = { ca: [] };

  if (config.caBundlePath) {
    const { value: path, source } = config.caBundlePath;
    const where = describeSource(source);
    const bytes = readOrProblem(path, 'caBundlePath', where, read, problems);
    if (bytes) {
      const pems = bytes.toString('utf8').match(PEM_CERT) ?? [];
      if (pems.length === 0)
        problems.push({
          setting: 'caBundlePath',
          where,
          message: `the file ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----)`,
        });
      for (const [i, pem] of pems.entries()) {
        try {
          const c = new X509Certificate(pem);
          if (new Date(c.validTo) < now)
            problems.push({
              setting: 'caBundlePath',
              where,
              message: `certificate ${i + 1} in ${path} (${c.subject.replace(/\n/g, ', ')}) expired on ${c.validTo}`,
            });
          else tls.ca.push(pem);
        } catch {
          problems.push({
            setting: 'caBundlePath',
            where,
            message: `certificate ${i + 1} in ${path} cannot be parsed`,
          });
        }
      }
    }
  }

  if (config.clientCertificate) {
    const { path: p, passphrase } = config.clientCertificate;
    const where = describeSource(p.source);
    const bytes = readOrProblem(p.value, 'clientCertificatePath', where, read, problems);
    if (bytes) {
      try {
        createSecureContext({ pfx: bytes, passphrase });
        tls.pfx = { bytes, passphrase };
      } catch (e) {
        const msg = (e as Error).message;
        const wrongPassphrase = /mac verify|bad decrypt|invalid password/i.test(msg);
        problems.push(
          wrongPassphrase
            ? {
                setting: 'clientCertificatePassphrase',
                where: `${where} (passphrase: BANK_CLIENT_CERT_PASSPHRASE / "clientCertificatePassphrase")`,
                message: `the passphrase does not open the client certificate ${p.value}`,
              }
            : {
                setting: 'clientCertificatePath',
                where,
                message: `the file ${p.value} is not a usable PKCS#12 client certificate (${msg})`,
              },
        );
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, tls };
}

/**
 * Whether a server certificate chain (leaf first, PEM) that the system store refused is trusted by one
 * of the extra CAs: some certificate of the chain was issued and signed by an extra CA, every link from
 * the leaf up to it is signed by the next, all are within their dates, and the leaf names `host`.
 */
export function trustedByExtraCa(
  chainPem: readonly string[],
  host: string,
  extraCa: readonly string[],
  now = new Date(),
): boolean {
  if (chainPem.length === 0 || extraCa.length === 0) return false;
  let chain: X509Certificate[];
  let cas: X509Certificate[];
  try {
    chain = chainPem.map((p) => new X509Certificate(p));
    cas = extraCa.map((p) => new X509Certificate(p));
  } catch {
    return false;
  }
  const inDate = (c: X509Certificate) => new Date(c.validFrom) <= now && now <= new Date(c.validTo);
  const leaf = chain[0]!;
  if (!(isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host))) return false;
  for (let i = 0; i < chain.length; i++) {
    const c = chain[i]!;
    if (!inDate(c)) return false;
    const ca = cas.find((a) => inDate(a) && c.checkIssued(a) && c.verify(a.publicKey));
    if (ca) return true;
    const next = chain[i + 1];
    if (!next || !c.checkIssued(next) || !c.verify(next.publicKey)) return false;
  }
  return false;
}
