/**
 * 放款审核's evidence files in browser mode: ops1 (maker) picks a renamed .exe for a condition's scan and is
 * told in words it is the wrong type (nothing uploaded), likewise a file over 10 MB, then uploads the real scan (PDF) — the file shows
 * beside the condition and its id goes into the evidence; ops2 (checker) sees the file's name and size next
 * to the condition, downloads exactly the bytes uploaded, and disburses.
 */
import type { Page } from '@playwright/test';
import type { DisbursementDetail, DisbursementQueue } from '../../shared/api/disbursement';
import { withCheckDigit } from '../../shared/credit/loan-conditions';
import { expect, test } from './fixtures';
import { apiAs, openByLink, switchUser } from './session';

const api = apiAs;

/** Opens a case of the 放款审核 area by its link. */
const openCase = (page: Page, id: string) => openByLink(page, `#/disbursement/${id}`, 'disbursement-case');

/**
 * A signed case in ops1's scope that nobody has started on, whose contracts are all signed, with a condition
 * that takes a document or a registration certificate (the seed's signed cases: GET /api/v1/disbursements).
 */
async function signedCaseWithDocumentCondition(bankApiUrl: string): Promise<DisbursementDetail> {
  const q = await api<DisbursementQueue>(bankApiUrl, 'ops1', '/api/v1/disbursements?view=open&limit=500');
  expect(q.status, JSON.stringify(q.body)).toBe(200);
  const fresh = q.body.items.filter((i) => i.disbursementStatus === 'open' && i.evidenced === 0);
  for (const item of fresh) {
    const d = await api<DisbursementDetail>(
      bankApiUrl,
      'ops1',
      `/api/v1/applications/${item.applicationId}/disbursement`,
    );
    if (d.status !== 200 || !d.body.contractsSigned || !d.body.mayRecord) continue;
    if (d.body.conditions.some((c) => c.evidenceKind === 'document' || c.evidenceKind === 'registration'))
      return d.body;
  }
  throw new Error(
    `precondition: no signed case with a document or registration condition awaiting preparation in ops1's scope (${q.body.items.length} listed, ${fresh.length} fresh)`,
  );
}

const GOOD = withCheckDigit('6222021001234567');
const GOOD2 = withCheckDigit('6217001234567890123');
/** A small real PDF: what a scanner's output starts like. */
const SCAN = Buffer.from(
  '%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n' +
    `% ${'scan '.repeat(400)}\ntrailer <</Root 1 0 R>>\n%%EOF\n`,
);
/** A Windows program renamed .pdf: the MZ header gives it away. */
const EXE = Buffer.concat([Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00]), Buffer.alloc(4000, 0x41)]);
const SCAN_NAME = '证明文件扫描件.pdf';

test.describe('放款审核: evidence files', () => {
  test('ops1 uploads a scan for a condition, a renamed .exe is refused; ops2 sees and downloads it, then disburses', async ({
    page,
    login,
    workstation,
  }) => {
    test.setTimeout(180_000);
    const d = await signedCaseWithDocumentCondition(workstation.bankApiUrl);
    const id = d.applicationId;
    const target = d.conditions.find((c) => c.evidenceKind === 'document' || c.evidenceKind === 'registration')!;

    await login(page, 'ops1');
    await openCase(page, id);
    const panel = page.getByTestId('disbursement-case');
    await expect(panel.getByTestId('disbursement-state')).toHaveText('待准备');

    for (const c of d.conditions) {
      const item = panel.getByTestId(`disbursement-condition-${c.index}`);
      const form = item.getByTestId(`evidence-form-${c.index}`);
      const fill = (name: string, value: string) => form.getByTestId(`field-${name}`).fill(value);
      if (c.index === target.index) {
        const input = form.getByTestId(`evidence-file-${c.index}`);
        // The file input has its label.
        await expect(form.getByLabel('证明文件扫描件')).toHaveCount(1);
        // A renamed program: refused in words, by its content; nothing is uploaded.
        await input.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: EXE });
        await expect(form.getByTestId(`evidence-file-error-${c.index}`)).toContainText('文件类型不符');
        await expect(form.getByTestId(`evidence-file-current-${c.index}`)).toHaveCount(0);
        await page.screenshot({ path: 'test-results/screens/disbursement-file-wrong-type-zh.png', fullPage: true });
        // Too large (over 10 MB): said in words too, before anything is sent.
        await input.setInputFiles({
          name: 'big.pdf',
          mimeType: 'application/pdf',
          buffer: Buffer.concat([SCAN, Buffer.alloc(10 * 1024 * 1024, 0x20)]),
        });
        await expect(form.getByTestId(`evidence-file-error-${c.index}`)).toContainText('文件过大');
        await expect(form.getByTestId(`evidence-file-current-${c.index}`)).toHaveCount(0);
        // The real scan.
        await input.setInputFiles({ name: SCAN_NAME, mimeType: 'application/pdf', buffer: SCAN });
        await expect(form.getByTestId(`evidence-file-current-${c.index}`)).toContainText(SCAN_NAME);
        await expect(form.getByTestId(`evidence-file-error-${c.index}`)).toHaveCount(0);
        if (c.evidenceKind === 'registration') await fill('certificateNo', '沪(2026)浦东新区不动产证明第0012345号');
      } else {
        switch (c.evidenceKind) {
          case 'payees': {
            const named =
              c.condition.type === 'entrusted_payment' && c.condition.params.payeeName
                ? c.condition.params.payeeName
                : '上海申江钢材贸易有限公司';
            await fill('payees.0.name', named);
            await fill('payees.0.account', GOOD);
            await fill('payees.0.bank', '中国工商银行上海浦东支行');
            await fill('payees.0.amount', d.amount);
            break;
          }
          case 'registration':
            await fill('certificateNo', '沪(2026)浦东新区不动产证明第0054321号');
            break;
          case 'document':
            await fill('reference', 'BZ-2026-0002');
            break;
          case 'account':
            await fill('account', GOOD2);
            break;
        }
      }
      await form.getByTestId(`evidence-save-${c.index}`).click();
      await expect(item.getByTestId('condition-state')).toHaveText('已满足');
    }
    // Once saved, the file is shown next to the condition.
    const targetItem = panel.getByTestId(`disbursement-condition-${target.index}`);
    await expect(targetItem.getByTestId('evidence-file')).toContainText(SCAN_NAME);
    const recorded = await api<DisbursementDetail>(
      workstation.bankApiUrl,
      'ops1',
      `/api/v1/applications/${id}/disbursement`,
    );
    const doc = recorded.body.conditions[target.index]!.document;
    expect(doc).toMatchObject({ fileName: SCAN_NAME, sizeBytes: SCAN.length, mediaType: 'application/pdf' });
    expect(recorded.body.conditions[target.index]!.evidence).toMatchObject({ documentId: doc!.id });
    await panel.getByTestId('disbursement-prepare').click();
    await expect(panel.getByTestId('disbursement-state')).toHaveText('待复核');

    // ops2 sees the file beside the condition — name and size — and downloads exactly what was uploaded.
    await switchUser(page, 'ops2');
    await openCase(page, id);
    const checked = page.getByTestId('disbursement-case').getByTestId(`disbursement-condition-${target.index}`);
    const file = checked.getByTestId('evidence-file');
    await expect(file).toContainText(SCAN_NAME);
    await expect(file).toContainText('KB');
    await page.screenshot({ path: 'test-results/screens/disbursement-file-checker-zh.png', fullPage: true });
    const downloading = page.waitForEvent('download');
    await file.getByTestId('evidence-document-open').click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(SCAN_NAME);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(Buffer.from(chunk));
    expect(Buffer.compare(Buffer.concat(chunks), SCAN)).toBe(0);

    await page.getByTestId('disbursement-confirm').click();
    await expect(page.getByTestId('disbursement-done')).toHaveText('放款成功，贷款已生成。');
    await expect(page.getByTestId('disbursement-state')).toHaveText('已放款');

    // In English too; then back to Chinese for the tests that follow (the language is remembered).
    await page.getByTestId('language-select').selectOption('en');
    await expect(file.getByTestId('evidence-document-open')).toHaveText(`Download ${SCAN_NAME}`);
    await page.screenshot({ path: 'test-results/screens/disbursement-file-checker-en.png', fullPage: true });
    await page.getByTestId('language-select').selectOption('zh-CN');
    await expect(page.getByTestId('disbursement-state')).toHaveText('已放款');
  });
});
