/**
 * The bank's seal certificate: a PKCS#12 file whose path and passphrase come from configuration
 * (SEAL_P12_PATH, SEAL_P12_PASSPHRASE). In the sandbox, when no path is configured, a test CA and a
 * seal certificate are generated with pkijs on first use under `<dataDir>/sandbox-seal/` — TEST ONLY,
 * never for real contracts; a packaged build uses it only with SME_SANDBOX_SEAL=1 (seal-custody.ts).
 * Every refusal is a DomainError a contract officer can act on.
 */
import { createPrivateKey, type KeyObject, webcrypto, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';
import { distinguishedName, makeCertificate, RSA_2048 } from '../../node-shared/pki/certificate.js';
import { DomainError } from '../../shared/errors.js';
import { writeFileAtomic } from './atomic.js';
import {
  assertSealAllowed,
  chooseSealSource,
  isPackagedRuntime,
  type SealCustodyPolicy,
  sealCustodyFromEnv,
} from './seal-custody.js';

export interface SealCredentials {
  privateKey: KeyObject;
  certificate: X509Certificate;
  /** DER of the seal certificate, then any CA certificates from the file. */
  certificateDer: Uint8Array;
  chainDer: Uint8Array[];
  /** The certificate subject's common name: shown as the signer's name. */
  commonName: string;
  /** True for the sandbox's generated certificate. */
  testOnly: boolean;
}

export interface SealConfig {
  p12Path?: string;
  passphrase?: string;
  /** Where the sandbox keeps its generated test seal when no p12Path is configured. */
  dataDir?: string;
  /** Organisation printed in the sandbox certificate (the bank's name). */
  bankName?: string;
  now?: Date;
  /**
   * Seal custody (seal-custody.ts): a packaged build without a configured seal refuses to sign unless the
   * sandbox switch is on. Unset: the running process decides (plain Node and `electron .`: not packaged).
   */
  custody?: SealCustodyPolicy;
}

export const SANDBOX_DIR = 'sandbox-seal';
export const SANDBOX_P12 = 'TEST-ONLY-seal.p12';
/** The sandbox file's passphrase. Not a secret: the sandbox certificate is for testing only. */
export const SANDBOX_PASSPHRASE = 'sandbox-test-only';
const TEST_MARK = 'TEST ONLY';

/** The seal settings and the custody policy (SME_PACKAGED, SME_SANDBOX_SEAL) from the environment. */
export function sealConfigFromEnv(env: NodeJS.ProcessEnv, dataDir?: string): SealConfig {
  return {
    p12Path: env.SEAL_P12_PATH || undefined,
    passphrase: env.SEAL_P12_PASSPHRASE,
    dataDir,
    custody: sealCustodyFromEnv(env),
  };
}

const fmt = (d: Date) => d.toISOString().slice(0, 10);

/** Loads and checks the seal certificate named by the configuration (or the sandbox's). */
export async function loadSeal(config: SealConfig): Promise<SealCredentials> {
  const custody = config.custody ?? { packaged: isPackagedRuntime(), sandboxSeal: false };
  const source = chooseSealSource({
    ...custody,
    p12Path: config.p12Path,
    passphrase: config.passphrase,
    dataDir: config.dataDir,
  });
  if (source.kind === 'configured') {
    const seal = loadP12(source.p12Path, source.passphrase, config.now);
    assertSealAllowed(seal, custody);
    return seal;
  }
  const path = await ensureSandboxSeal(source.dataDir, config.bankName ?? '示范银行股份有限公司');
  return loadP12(path, SANDBOX_PASSPHRASE, config.now);
}

export function loadP12(path: string, passphrase: string, now = new Date()): SealCredentials {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new DomainError(
      'SEAL_P12_NOT_FOUND',
      `找不到银行电子印章证书文件：${path}，请联系系统管理员检查配置。 Seal certificate file not found: ${path}.`,
      'SEAL_P12_PATH',
    );
  }
  let p12: forge.pkcs12.Pkcs12Pfx;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(bytes.toString('binary')));
    p12 = forge.pkcs12.pkcs12FromAsn1(asn1, false, passphrase);
  } catch (e) {
    const msg = (e as Error).message ?? '';
    if (/password|MAC/i.test(msg)) {
      throw new DomainError(
        'SEAL_P12_BAD_PASSPHRASE',
        '银行电子印章证书的密码不正确（SEAL_P12_PASSPHRASE），请联系系统管理员。 Wrong passphrase for the seal certificate.',
        'SEAL_P12_PASSPHRASE',
      );
    }
    throw new DomainError(
      'SEAL_P12_INVALID',
      `文件 ${path} 不是有效的 PKCS#12 印章证书。 ${path} is not a valid PKCS#12 seal certificate (${msg}).`,
      'SEAL_P12_PATH',
    );
  }
  const shrouded = forge.pki.oids.pkcs8ShroudedKeyBag as string;
  const plain = forge.pki.oids.keyBag as string;
  const certOid = forge.pki.oids.certBag as string;
  const keyBag = p12.getBags({ bagType: shrouded })[shrouded]?.[0] ?? p12.getBags({ bagType: plain })[plain]?.[0];
  const certBags: forge.pkcs12.Bag[] = p12.getBags({ bagType: certOid })[certOid] ?? [];
  if (!keyBag?.key || certBags.length === 0) {
    throw new DomainError(
      'SEAL_P12_INVALID',
      `印章证书文件 ${path} 中缺少私钥或证书。 The seal file has no private key or no certificate.`,
      'SEAL_P12_PATH',
    );
  }
  const privateKey = createPrivateKey(forge.pki.privateKeyToPem(keyBag.key));
  const ders = certBags.flatMap((b) =>
    b.cert
      ? [new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(b.cert)).getBytes(), 'binary'))]
      : [],
  );
  const certs = ders.map((d) => new X509Certificate(d));
  const index = certs.findIndex((c) => c.checkPrivateKey(privateKey));
  if (index < 0) {
    throw new DomainError(
      'SEAL_P12_INVALID',
      '印章证书与私钥不匹配。 The seal certificate does not match its private key.',
      'SEAL_P12_PATH',
    );
  }
  const certificate = certs[index]!;
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (now < notBefore) {
    throw new DomainError(
      'SEAL_CERT_NOT_YET_VALID',
      `银行电子印章证书尚未生效（生效日 ${fmt(notBefore)}），暂不能签署合同。 The seal certificate is not valid until ${notBefore.toISOString()}.`,
      'SEAL_P12_PATH',
    );
  }
  if (now > notAfter) {
    throw new DomainError(
      'SEAL_CERT_EXPIRED',
      `银行电子印章证书已于 ${fmt(notAfter)} 过期，请联系系统管理员更换证书。 The seal certificate expired on ${notAfter.toISOString()}.`,
      'SEAL_P12_PATH',
    );
  }
  const commonName = /CN=([^\n]+)/.exec(certificate.subject)?.[1] ?? certificate.subject;
  return {
    privateKey,
    certificate,
    certificateDer: ders[index]!,
    chainDer: ders.filter((_, i) => i !== index),
    commonName,
    testOnly: commonName.includes(TEST_MARK),
  };
}

// ---- Test CA and seal certificate (sandbox and tests) ----

/** C / O / CN, each its own RDN. */
const dn = (cn: string, org: string) =>
  distinguishedName([
    ['2.5.4.6', 'CN'],
    ['2.5.4.10', org],
    ['2.5.4.3', cn],
  ]);

export interface TestSealOptions {
  path: string;
  passphrase: string;
  bankName: string;
  notBefore?: Date;
  notAfter?: Date;
}

/** Writes a PKCS#12 with a TEST ONLY seal certificate issued by a TEST ONLY CA. */
export async function createTestSealP12(o: TestSealOptions): Promise<void> {
  const subtle = webcrypto.subtle;
  const caKeys = (await subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const sealKeys = (await subtle.generateKey(RSA_2048, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notBefore = o.notBefore ?? new Date(Date.now() - 24 * 3600e3);
  const notAfter = o.notAfter ?? new Date(Date.now() + 5 * 365 * 24 * 3600e3);
  const caName = dn(`SME Credit Workstation Sandbox CA (${TEST_MARK})`, `${TEST_MARK} - not a real CA`);
  const caDer = await makeCertificate({
    subject: caName,
    issuer: caName,
    publicKey: caKeys.publicKey,
    signingKey: caKeys.privateKey,
    ca: true,
    notBefore,
    notAfter,
  });
  const sealDer = await makeCertificate({
    subject: dn(`${o.bankName} 合同专用章 (${TEST_MARK})`, `${o.bankName} (${TEST_MARK})`),
    issuer: caName,
    publicKey: sealKeys.publicKey,
    signingKey: caKeys.privateKey,
    ca: false,
    notBefore,
    notAfter,
  });
  const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', sealKeys.privateKey));
  const pem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64')}\n-----END PRIVATE KEY-----\n`;
  const toForge = (der: Uint8Array) =>
    forge.pki.certificateFromAsn1(forge.asn1.fromDer(Buffer.from(der).toString('binary')));
  const p12 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(pem),
    [toForge(sealDer), toForge(caDer)],
    o.passphrase,
    {
      algorithm: '3des',
      friendlyName: `${o.bankName} seal (${TEST_MARK})`,
    },
  );
  writeFileAtomic(o.path, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
}

/** The sandbox's test seal, generated on first use. Returns the PKCS#12 path. */
export async function ensureSandboxSeal(dataDir: string, bankName: string): Promise<string> {
  const dir = join(dataDir, SANDBOX_DIR);
  const path = join(dir, SANDBOX_P12);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'README-TEST-ONLY.txt'),
    'This folder holds a TEST ONLY certificate authority and seal certificate generated by the SME Credit\n' +
      'Workstation sandbox. Contracts signed with it have no legal effect. Configure SEAL_P12_PATH and\n' +
      "SEAL_P12_PASSPHRASE with the bank's real seal certificate in production.\n" +
      '本目录中的证书仅供测试，使用它签署的合同不具有法律效力。\n',
  );
  await createTestSealP12({ path, passphrase: SANDBOX_PASSPHRASE, bankName });
  return path;
}
