/**
 * The files the bank takes as uploads (a checklist item's material, a disbursement condition's evidence):
 * PDF, JPEG or PNG, told by their content — the first bytes — never by name or declared type. Shared by
 * the bank API (which decides), main (which labels a download) and the renderer (which says "wrong type"
 * before sending anything).
 */
import { z } from 'zod';

export type UploadMediaType = 'application/pdf' | 'image/jpeg' | 'image/png';

/** The media type of a file by its first bytes: PDF, JPEG or PNG; null for anything else. */
export function sniffMediaType(b: Uint8Array): UploadMediaType | null {
  const starts = (sig: readonly number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);
  if (starts([0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf'; // %PDF-
  if (starts([0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  return null;
}

/** The file-name extensions each accepted type may carry (the first is the one to suggest). */
export const UPLOAD_EXTENSIONS: Readonly<Record<UploadMediaType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
};

/** The `accept` attribute of a file input for these types. */
export const UPLOAD_ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';

/** The bank's default size limit for an uploaded file (MATERIAL_MAX_BYTES overrides it on the server). */
export const DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024;

/** Base64 length of at most `bytes` bytes (the IPC channels' bound on a file they carry). */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;

/** An upload on the wire: the file's name and its bytes as base64 in JSON. */
export const UploadRequestSchema = z.strictObject({
  fileName: z.string().min(1).max(200),
  /** The file's bytes, base64. */
  contentBase64: z.string().max(20 * 1024 * 1024 * 2),
});
export type UploadRequest = z.output<typeof UploadRequestSchema>;
