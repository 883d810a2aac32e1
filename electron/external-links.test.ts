import { describe, expect, it } from 'vitest';
import { EXTERNAL_HOSTS_VARIABLE, isAllowedExternalUrl, readExternalLinkHosts } from './external-links';

describe('links out (shell.openExternal allow-list)', () => {
  it('opens nothing by default', () => {
    expect(readExternalLinkHosts({})).toEqual([]);
    expect(readExternalLinkHosts({ [EXTERNAL_HOSTS_VARIABLE]: ' ' })).toEqual([]);
    expect(isAllowedExternalUrl('https://www.pbc.gov.cn/', [])).toBe(false);
  });

  it('reads the configured hosts, lower-cased and de-duplicated', () => {
    expect(
      readExternalLinkHosts({ [EXTERNAL_HOSTS_VARIABLE]: 'www.pbc.gov.cn, Intranet.Bank.example,www.pbc.gov.cn' }),
    ).toEqual(['www.pbc.gov.cn', 'intranet.bank.example']);
  });

  it('refuses a bad entry, naming the variable, instead of dropping it', () => {
    for (const bad of [
      'https://www.pbc.gov.cn',
      '*.bank.example',
      'host:8443',
      '10.0.0.1',
      'a/b',
      'www.pbc.gov.cn,,x.example',
    ]) {
      expect(() => readExternalLinkHosts({ [EXTERNAL_HOSTS_VARIABLE]: bad }), bad).toThrow(EXTERNAL_HOSTS_VARIABLE);
    }
  });

  it('opens only https URLs on an allowed host, default port, no credentials', () => {
    const hosts = ['www.pbc.gov.cn'];
    expect(isAllowedExternalUrl('https://www.pbc.gov.cn/zhengcehuobisi/index.html', hosts)).toBe(true);
    expect(isAllowedExternalUrl('https://WWW.PBC.GOV.CN/', hosts)).toBe(true);
    for (const url of [
      'http://www.pbc.gov.cn/',
      'https://www.pbc.gov.cn:8443/',
      'https://user:pw@www.pbc.gov.cn/',
      'https://www.pbc.gov.cn.evil.example/',
      'https://evil.example/?u=https://www.pbc.gov.cn/',
      'https://pbc.gov.cn/',
      'file:///C:/Windows/System32/calc.exe',
      'smb://www.pbc.gov.cn/share',
      'ms-msdt:/id PCWDiagnostic',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isAllowedExternalUrl(url, hosts), url).toBe(false);
    }
  });
});
