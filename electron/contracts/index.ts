/**
 * The contract engine's public API (plain Node; no Electron). The bank API route, the contract
 * officer's screen (through main) and the back-office CLI all call these.
 */
import {
  type ContractData,
  type ContractTemplate,
  parseContractData,
  type ResolvedVariable,
  resolveVariables,
} from '../../shared/contracts/index.js';
import { loadSeal, type SealConfig, type SealCredentials } from './certificates.js';
import { buildExportPackage, type ExportPackage, writeExportPackage } from './package.js';
import { lap, type RenderedContract, type RenderOptions, renderContract, type StageTimes } from './render.js';
import { signContract as applyBankSignature, type SignOptions } from './sign.js';

export type { SealConfig, SealCredentials } from './certificates.js';
export { createTestSealP12, loadP12, loadSeal, sealConfigFromEnv } from './certificates.js';
export type { ExportManifest, ExportPackage, ManifestSigner } from './package.js';
export { buildExportPackage, scheduleCsv, writeExportPackage } from './package.js';
export type { RenderedContract, SignatureField, StageTimes } from './render.js';

/** Parses the snapshot (DomainError CONTRACT_DATA_INVALID) and renders the unsigned contract. */
export async function generateContract(
  data: unknown,
  template: ContractTemplate,
  opts: RenderOptions = {},
): Promise<RenderedContract> {
  return renderContract(parseContractData(data), template, opts);
}

/** Every variable the contract prints, with its value and source — for the officer's screen. */
export function previewVariables(data: unknown, template: ContractTemplate): ResolvedVariable[] {
  return resolveVariables(template, parseContractData(data));
}

/** Adds the bank's PAdES seal signature to a contract produced by generateContract. */
export async function signContract(
  pdf: Uint8Array,
  seal: SealCredentials,
  opts: Partial<SignOptions> & { bankName: string },
): Promise<Uint8Array> {
  return applyBankSignature(pdf, seal, opts);
}

export interface SignedPackageResult {
  rendered: RenderedContract;
  signedPdf: Uint8Array;
  /** SHA-256 of the signed PDF (what the manifest and the bank API record). */
  sha256: string;
  package: ExportPackage;
  /** Where the zip was written, when outDir was given. */
  path?: string;
}

/**
 * Generate → sign → package in one call; writes `<outDir>/<documentId>.zip` atomically when outDir
 * is given. `seal` is loaded credentials or a SealConfig (loaded, and checked, here).
 */
export async function generateSignedPackage(input: {
  data: unknown;
  template: ContractTemplate;
  seal: SealCredentials | SealConfig;
  generatedAt?: Date;
  outDir?: string;
  /** Printable ASCII (the signature dictionary is Latin-1); the place of signing is in the contract text. */
  location?: string;
  /** When given, milliseconds spent per stage are added here (the bench's per-stage figures). */
  stageTimes?: StageTimes;
}): Promise<SignedPackageResult> {
  const times = input.stageTimes;
  let t0 = performance.now();
  const data: ContractData = parseContractData(input.data);
  const seal = 'privateKey' in input.seal ? input.seal : await loadSeal({ bankName: data.bank.name, ...input.seal });
  t0 = lap(times, 'data checked (zod)', t0);
  const rendered = await renderContract(data, input.template, { generatedAt: input.generatedAt, stageTimes: times });
  t0 = performance.now();
  const signedPdf = await applyBankSignature(rendered.pdf, seal, {
    bankName: data.bank.name,
    signingTime: input.generatedAt,
    location: input.location,
    stageTimes: times,
  });
  t0 = performance.now();
  const pkg = buildExportPackage({ data, rendered, signedPdf, generatedAt: input.generatedAt });
  lap(times, 'package: manifest, CSV, zip', t0);
  const path = input.outDir ? writeExportPackage(input.outDir, pkg) : undefined;
  return { rendered, signedPdf, sha256: pkg.manifest.pdf.sha256, package: pkg, path };
}
