/**
 * The bank network settings: the machine file, the environment over it, the https rule, the CA bundle
 * and client certificate checked at start, and the transport against a real TLS server (the bank's own
 * CA, mutual TLS) — an untrusted certificate told apart from an unreachable bank.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankApi } from '../../shared/api/paths';
import { BankApiError, BankClient } from '../services/bank-client';
import { machineConfigPath, type NetworkConfig, type NetworkConfigResult, readNetworkConfig } from './config';
import { bankNetwork, certificateVerdict, ERR_CERT_AUTHORITY_INVALID, VERIFY } from './setup';
import { makePki } from './test-pki';
import { loadTlsMaterial, trustedByExtraCa } from './tls';
import { classifyNetworkError, nodeTlsFetch, nodeTransport, refusingFetch } from './transport';

const fileOf =
  (files: Record<string, string>) =>
  (p: string): string | undefined =>
    files[p];

describe('where the machine config file is', () => {
  it('per platform, overridable for tests', () => {
    expect(machineConfigPath('win32', { ProgramData: 'D:\\PD' })).toBe(
      join('D:\\PD', 'SmeCreditWorkstation', 'config.json'),
    );
    expect(machineConfigPath('darwin', {})).toBe('/Library/Application Support/SmeCreditWorkstation/config.json');
    expect(machineConfigPath('linux', {})).toBe('/etc/sme-credit-workstation/config.json');
    expect(machineConfigPath('linux', { WORKSTATION_CONFIG: '/tmp/x.json' })).toBe('/tmp/x.json');
  });
});

describe('readNetworkConfig: file, environment over it, defaults', () => {
  const path = '/etc/sme-credit-workstation/config.json';
  const file = (o: unknown) => ({ platform: 'linux' as const, readText: fileOf({ [path]: JSON.stringify(o) }) });

  it('no file, no variables: the local bank API and a 10-minute lock', () => {
    const r = readNetworkConfig({}, { platform: 'linux', readText: () => undefined });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.bankApiUrl).toEqual({ value: 'http://127.0.0.1:8787', source: { kind: 'default' } });
    expect(r.config.idleLockMinutes.value).toBe(10);
    expect(r.config.configFile).toEqual({ path, found: false });
  });

  it('the file sets the bank, the CA, the client certificate and the lock', () => {
    const r = readNetworkConfig(
      {},
      file({
        bankApiUrl: 'https://credit-api.bank.example',
        caBundlePath: '/etc/bank-ca.pem',
        clientCertificatePath: '/etc/desk.pfx',
        clientCertificatePassphrase: 'pw',
        idleLockMinutes: 5,
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.bankApiUrl).toEqual({
      value: 'https://credit-api.bank.example',
      source: { kind: 'file', path, key: 'bankApiUrl' },
    });
    expect(r.config.caBundlePath?.value).toBe('/etc/bank-ca.pem');
    expect(r.config.clientCertificate?.passphrase).toBe('pw');
    expect(r.config.idleLockMinutes).toEqual({ value: 5, source: { kind: 'file', path, key: 'idleLockMinutes' } });
  });

  it('each environment variable overrides its file setting; the others stay from the file', () => {
    const r = readNetworkConfig(
      { BANK_API_URL: 'https://test-bank.example', IDLE_LOCK_MINUTES: '0' },
      file({ bankApiUrl: 'https://credit-api.bank.example', caBundlePath: '/etc/bank-ca.pem', idleLockMinutes: 5 }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.bankApiUrl).toEqual({
      value: 'https://test-bank.example',
      source: { kind: 'env', variable: 'BANK_API_URL' },
    });
    expect(r.config.idleLockMinutes.value).toBe(0);
    expect(r.config.caBundlePath?.source).toEqual({ kind: 'file', path, key: 'caBundlePath' });
  });

  it('an http URL for a remote bank in the file is a problem naming the key and the file; no fallback', () => {
    const r = readNetworkConfig({}, file({ bankApiUrl: 'http://credit-api.bank.example' }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.setting).toBe('bankApiUrl');
    expect(r.problems[0]!.where).toBe(`"bankApiUrl" in ${path}`);
    expect(r.problems[0]!.message).toMatch(/must use https:\/\/ for a remote bank API/);
  });

  it('bad JSON, an unknown key, a bad lock time and a passphrase without a certificate are all listed', () => {
    expect(
      readNetworkConfig({}, { platform: 'linux', readText: fileOf({ [path]: '{ "bankApiUrl": ' }) }),
    ).toMatchObject({
      ok: false,
      problems: [{ setting: 'file', where: path, message: 'is not valid JSON' }],
    });
    const r = readNetworkConfig(
      { IDLE_LOCK_MINUTES: '999', BANK_CLIENT_CERT_PASSPHRASE: 'pw' },
      file({ bankApiURL: 'x' }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.setting).sort()).toEqual(['clientCertificatePassphrase', 'file', 'idleLockMinutes']);
    expect(r.problems.find((p) => p.setting === 'file')!.where).toContain('bankApiURL');
    expect(r.problems.find((p) => p.setting === 'idleLockMinutes')!.where).toBe(
      'environment variable IDLE_LOCK_MINUTES',
    );
  });

  it('a file that exists but cannot be read is a problem, not an empty config', () => {
    const r = readNetworkConfig(
      {},
      {
        platform: 'linux',
        readText: () => {
          throw Object.assign(new Error('denied'), { code: 'EACCES' });
        },
      },
    );
    expect(r).toMatchObject({
      ok: false,
      problems: [{ setting: 'file', where: path, message: 'cannot be read (EACCES)' }],
    });
  });
});

const pki = makePki();
const dir = mkdtempSync(join(tmpdir(), 'ws-net-'));
const write = (name: string, data: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const caPath = write('bank-ca.pem', pki.ca.certPem);
const pfxPath = write('desk.pfx', pki.p12('correct horse'));
const fromEnv = (variable: string, value: string) => ({ value, source: { kind: 'env' as const, variable } });
const tlsConfig = (c: Partial<Pick<NetworkConfig, 'caBundlePath' | 'clientCertificate'>>) => c;

describe('loadTlsMaterial: the CA bundle and the client certificate, checked at start', () => {
  it('a readable CA bundle and a client certificate with the right passphrase load', () => {
    const r = loadTlsMaterial(
      tlsConfig({
        caBundlePath: fromEnv('BANK_CA_BUNDLE', caPath),
        clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', pfxPath), passphrase: 'correct horse' },
      }),
    );
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.tls.ca).toHaveLength(1);
      expect(r.tls.pfx?.bytes.length).toBeGreaterThan(100);
    }
  });

  it('an unreadable CA file names the file and the setting', () => {
    const missing = join(dir, 'nope.pem');
    const r = loadTlsMaterial(tlsConfig({ caBundlePath: fromEnv('BANK_CA_BUNDLE', missing) }));
    expect(r).toEqual({
      ok: false,
      problems: [
        {
          setting: 'caBundlePath',
          where: 'environment variable BANK_CA_BUNDLE',
          message: `the file ${missing} does not exist`,
        },
      ],
    });
  });

  it('a CA file with no certificate, or an expired CA, is refused', () => {
    const empty = write('empty.pem', 'not a certificate');
    const r1 = loadTlsMaterial(tlsConfig({ caBundlePath: fromEnv('BANK_CA_BUNDLE', empty) }));
    expect(r1.ok).toBe(false);
    if (!r1.ok) expect(r1.problems[0]!.message).toContain('holds no PEM certificate');
    const expired = write('expired.pem', pki.expiredCa.certPem);
    const r2 = loadTlsMaterial(tlsConfig({ caBundlePath: fromEnv('BANK_CA_BUNDLE', expired) }));
    expect(r2.ok).toBe(false);
    if (!r2.ok) expect(r2.problems[0]!.message).toMatch(/Expired CA.*expired on/);
  });

  it('a wrong passphrase names the certificate file and the passphrase setting, never the passphrase', () => {
    const r = loadTlsMaterial(
      tlsConfig({ clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', pfxPath), passphrase: 'wrong guess' } }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toHaveLength(1);
    expect(r.problems[0]!.setting).toBe('clientCertificatePassphrase');
    expect(r.problems[0]!.message).toBe(`the passphrase does not open the client certificate ${pfxPath}`);
    expect(r.problems[0]!.where).toContain('BANK_CLIENT_CERT_PASSPHRASE');
    expect(JSON.stringify(r.problems)).not.toContain('wrong guess');
  });

  it('a file that is not PKCS#12 is a problem of the certificate setting', () => {
    const r = loadTlsMaterial(
      tlsConfig({ clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', caPath), passphrase: 'x' } }),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.setting).toBe('clientCertificatePath');
  });
});

describe('trustedByExtraCa: Electron’s certificate check for the bank’s own CA', () => {
  it('a chain the extra CA issued, for the right host and in date, is trusted', () => {
    expect(trustedByExtraCa([pki.server.certPem], '127.0.0.1', [pki.ca.certPem])).toBe(true);
    expect(trustedByExtraCa([pki.server.certPem, pki.ca.certPem], 'localhost', [pki.ca.certPem])).toBe(true);
  });
  it('another CA, another host, no extra CA or a time past the certificate: not trusted', () => {
    expect(trustedByExtraCa([pki.strangerServer.certPem], '127.0.0.1', [pki.ca.certPem])).toBe(false);
    expect(trustedByExtraCa([pki.server.certPem], 'bank.example', [pki.ca.certPem])).toBe(false);
    expect(trustedByExtraCa([pki.server.certPem], '127.0.0.1', [])).toBe(false);
    expect(
      trustedByExtraCa([pki.server.certPem], '127.0.0.1', [pki.ca.certPem], new Date(Date.now() + 365 * 86_400_000)),
    ).toBe(false);
  });
});

describe('the transport against a TLS bank API (its own CA, mutual TLS)', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(
      {
        key: pki.server.keyPem,
        cert: pki.server.certPem,
        ca: [pki.ca.certPem],
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        const cert = (req.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ ok: true, client: cert.subject?.CN ?? null }));
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const material = () => {
    const r = loadTlsMaterial({
      caBundlePath: fromEnv('BANK_CA_BUNDLE', caPath),
      clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', pfxPath), passphrase: 'correct horse' },
    });
    if (!r.ok) throw new Error('material');
    return r.tls;
  };

  it('with the bank CA and the client certificate: the bank answers and sees the desk’s certificate', async () => {
    const bank = new BankClient(base, nodeTlsFetch(material()));
    expect(await bank.request('POST', '/anything', { body: { a: 1 } })).toEqual({
      ok: true,
      client: 'workstation-desk-01',
    });
  });

  it('without the bank CA: a certificate error (bank.certificate_invalid), not "unreachable"', async () => {
    const bank = new BankClient(base, nodeTransport({ ca: [] }));
    const e = await bank.request('GET', '/x').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(BankApiError);
    expect((e as BankApiError).code).toBe('bank.certificate_invalid');
    expect((e as BankApiError).message).toContain(base);
  });

  it('a closed port is unreachable', async () => {
    const bank = new BankClient('https://127.0.0.1:1', nodeTlsFetch(material()));
    expect(((await bank.request('GET', '/x').catch((x: unknown) => x)) as BankApiError).code).toBe('bank.unreachable');
  });

  it('wrong settings: nothing is sent, every call fails with the settings’ message', async () => {
    const bank = new BankClient(base, refusingFetch('"bankApiUrl" in /etc/x.json: must use https://'));
    const e = (await bank.call(bankApi.me, { token: 't' }).catch((x: unknown) => x)) as BankApiError;
    expect([e.code, e.message]).toEqual(['bank.config_invalid', '"bankApiUrl" in /etc/x.json: must use https://']);
  });

  it('classifies Chromium’s errors too', () => {
    expect(classifyNetworkError(new Error('net::ERR_CERT_AUTHORITY_INVALID')).code).toBe('bank.certificate_invalid');
    expect(classifyNetworkError(new Error('net::ERR_CONNECTION_REFUSED')).code).toBe('bank.unreachable');
    expect(classifyNetworkError(new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } })).code).toBe(
      'bank.unreachable',
    );
  });
});

describe('bankNetwork: what main uses, from the settings', () => {
  const ok = (o: Partial<NetworkConfig>): NetworkConfigResult => ({
    ok: true,
    config: {
      bankApiUrl: { value: 'https://bank.example', source: { kind: 'default' } },
      idleLockMinutes: { value: 10, source: { kind: 'default' } },
      configFile: { path: '/etc/x.json', found: false },
      ...o,
    },
  });
  const electronFetch = async () => new Response('{}');

  it('Electron’s net.fetch when there is no client certificate; the extra CA goes to the certificate check', () => {
    const n = bankNetwork(ok({ caBundlePath: fromEnv('BANK_CA_BUNDLE', caPath) }), electronFetch);
    expect([n.stack, n.extraCa.length, n.problem, n.fetch === electronFetch]).toEqual(['electron-net', 1, null, true]);
  });

  it('a client certificate file: node:https, in Electron too', () => {
    const n = bankNetwork(
      ok({ clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', pfxPath), passphrase: 'correct horse' } }),
      electronFetch,
    );
    expect(n.stack).toBe('node');
  });

  it('bad settings or bad TLS material: refused, with the message for the window', async () => {
    const n = bankNetwork(
      ok({ clientCertificate: { path: fromEnv('BANK_CLIENT_CERT', pfxPath), passphrase: 'nope' } }),
      electronFetch,
    );
    expect(n.stack).toBe('refused');
    expect(n.problem).toContain(pfxPath);
    await expect(n.fetch(new URL('https://bank.example'), {})).rejects.toThrow(pfxPath);
    const bad = bankNetwork({
      ok: false,
      configFile: { path: '/etc/x.json', found: true },
      problems: [{ setting: 'bankApiUrl', where: '"bankApiUrl" in /etc/x.json', message: 'must use https://' }],
    });
    expect(bad.problem).toBe('"bankApiUrl" in /etc/x.json: must use https://');
  });

  it('certificateVerdict: only an unknown issuer is overruled, and only for the extra CA’s chain', () => {
    const req = (errorCode: number, pem = pki.server.certPem, hostname = '127.0.0.1') => ({
      hostname,
      errorCode,
      certificate: { data: pem },
    });
    expect(certificateVerdict(req(0), [pki.ca.certPem])).toBe(VERIFY.chromium);
    expect(certificateVerdict(req(ERR_CERT_AUTHORITY_INVALID), [pki.ca.certPem])).toBe(VERIFY.accept);
    expect(certificateVerdict(req(ERR_CERT_AUTHORITY_INVALID, pki.strangerServer.certPem), [pki.ca.certPem])).toBe(
      VERIFY.chromium,
    );
    expect(certificateVerdict(req(-201 /* date invalid */), [pki.ca.certPem])).toBe(VERIFY.chromium);
    expect(
      certificateVerdict(req(ERR_CERT_AUTHORITY_INVALID, pki.server.certPem, 'other.example'), [pki.ca.certPem]),
    ).toBe(VERIFY.chromium);
  });
});
