/**
 * Issue 16 item 1 in browser mode: contract1 generates and exports the contracts of a freshly approved
 * case, the e-signature platform is played here (a TEST ONLY CA counter-signs the exported PDF in the
 * test process), and contract1 imports the result: a tampered copy is refused with its reason shown
 * and nothing sent; the good one is verified and the document reads 已签署 with the signed file's hash.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { signerFields } from '../../bank-api/contracts/countersign';
import { countersign, createTestCa, issueTestIdentity } from '../../node-shared/countersign/test-signer';
import { getTemplate, parseContractData, signersOf } from '../../shared/contracts';
import { apiLogin, frontOfficeCase } from './desk-cases';
import { expect, test } from './fixtures';

/** approver1 approves the fresh fast case through the API, adding any conditions the case requires. */
async function approve(bankApiUrl: string, id: string, version: number): Promise<void> {
  const token = await apiLogin(bankApiUrl, 'approver1');
  const decide = (conditions: unknown[]) =>
    fetch(`${bankApiUrl}/api/v1/applications/${id}/decisions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'idempotency-key': randomUUID(),
        'if-match': `"${version}"`,
      },
      body: JSON.stringify({
        action: 'approve',
        amount: '300000.00',
        annualRate: '4.35',
        termMonths: 12,
        repaymentMethod: 'equal_installment',
        conditions,
      }),
    });
  const asked = [{ type: 'other', text: '按月报送财务报表' }];
  let r = await decide(asked);
  if (r.status === 422) {
    const p = (await r.json()) as { code: string; missing?: { type: string; zh: string; en: string }[] };
    if (p.code !== 'conditions.required_missing') throw new Error(`approve: ${JSON.stringify(p)}`);
    r = await decide([...asked, ...(p.missing ?? []).map(({ type, zh: _z, en: _e, ...params }) => ({ type, params }))]);
  }
  if (r.status !== 200) throw new Error(`approve: ${r.status} ${await r.text()}`);
  const app = ((await r.json()) as { application: { status: string } }).application;
  if (app.status !== 'approved') throw new Error(`expected approved, got ${app.status}`);
}

test.describe('counter-signed contract import (browser mode)', () => {
  test('contract1 imports the counter-signed PDF: a tampered copy refused with its reason, the good one 已签署', async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(240_000);
    const { bankApiUrl } = workstation;
    const fresh = await frontOfficeCase(bankApiUrl, 'fast', { productCode: 'LDD', amount: '300000.00' });
    await approve(bankApiUrl, fresh.id, fresh.version);
    const id = fresh.id;
    const loanDoc = `HT${id.slice(3)}`;

    await login(page, 'contract1');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '合同' }).click();
    await page.getByLabel('搜索（企业名称、信用代码、申请编号）').fill(id);
    const row = page.getByTestId(`contract-row-${id}`);
    await expect(row).toBeVisible({ timeout: 30_000 });
    await row.getByRole('button', { name: id }).click();
    const detail = page.getByTestId('case-contracts');
    await detail.getByTestId('generate').click();
    await expect(detail.getByRole('status').first()).toContainText('已生成', { timeout: 90_000 });
    const doc = detail.getByTestId(`doc-${loanDoc}`);
    await expect(doc.getByTestId('doc-status')).toHaveText('已生成');

    // Export the loan contract's package: the sealed PDF and its manifest.
    const download = page.waitForEvent('download');
    await doc.getByTestId('export').click();
    const zip = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    await expect(doc.getByTestId('doc-status')).toHaveText('已导出');
    const sealed = zip[`${loanDoc}.pdf`];
    expect(sealed, 'the package holds the sealed PDF').toBeTruthy();

    // The e-signature platform, played here: each party signs with a certificate naming it.
    const token = await apiLogin(bankApiUrl, 'contract1');
    const cd = (await (
      await fetch(`${bankApiUrl}/api/v1/applications/${id}/contract-data`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { data: unknown };
    const parties = signerFields(signersOf(getTemplate('loan.working-capital'), parseContractData(cd.data))).filter(
      (s) => s.role !== 'bank',
    );
    expect(parties[0]?.fieldName).toBe('borrower');
    const ca = await createTestCa();
    let signed: Uint8Array = sealed!;
    for (const p of parties) {
      const identity = await issueTestIdentity(ca, {
        name: p.name,
        identifier: p.identifier,
        kind: p.identifierKind === 'resident-id' ? 'resident-id' : 'uscc',
      });
      signed = await countersign(signed, { fieldName: p.fieldName, identity });
    }
    const tampered = new Uint8Array(signed);
    const at = Buffer.from(tampered).indexOf('/MediaBox', 0, 'latin1');
    tampered[at + 1] = 'X'.charCodeAt(0);

    const input = doc.getByTestId('import-signed-file');
    await input.setInputFiles({
      name: `${loanDoc}-tampered.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from(tampered),
    });
    await expect(doc.getByTestId('countersign-refused')).toContainText('原始合同内容与银行签章版本不一致', {
      timeout: 30_000,
    });
    await expect(doc.locator('[data-check="original"]')).toHaveAttribute('data-ok', 'no');
    await expect(doc.getByTestId('doc-status')).toHaveText('已导出');
    await page.screenshot({ path: 'test-results/screens/countersign-refused-zh.png', fullPage: true });

    await input.setInputFiles({
      name: `${loanDoc}-signed.pdf`,
      mimeType: 'application/pdf',
      buffer: Buffer.from(signed),
    });
    await expect(doc.getByTestId('doc-status')).toHaveText('已签署', { timeout: 30_000 });
    await expect(doc.getByTestId('signed-hash')).toContainText('签署件 SHA-256');
    const after = (await (
      await fetch(`${bankApiUrl}/api/v1/contracts?applicationId=${id}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as { items: { documentId: string; status: string; signedPdfSha256: string | null }[] };
    const rec = after.items.find((i) => i.documentId === loanDoc);
    expect(rec?.status).toBe('signed');
    await expect(doc.getByTestId('signed-hash')).toHaveAttribute('title', rec!.signedPdfSha256!);
    await page.screenshot({ path: 'test-results/screens/countersign-signed-zh.png', fullPage: true });
  });
});
