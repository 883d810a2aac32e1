/**
 * Uploaded files, as the bank keeps them (shared by a checklist item's material — routes/materials.ts —
 * and a disbursement condition's evidence — workflow/disbursement.ts):
 *
 * - base64 in JSON (UploadRequestSchema); the route's body limit refuses a larger body before it is read
 *   (uploadBodyLimit), and the decoded file is refused above MATERIAL_MAX_BYTES (default 10 MB; 413);
 * - PDF, JPEG or PNG by content — magic bytes — never by name or declared type (415), the name's
 *   extension agreeing with the content (422), no path or control characters in the name (400);
 * - SHA-256 recorded; the bytes kept in the `materials` table and only ever sent back as an attachment
 *   with `nosniff` and a sandboxing CSP (sendStoredFile).
 */
import { createHash } from 'node:crypto';
import {
  DEFAULT_UPLOAD_MAX_BYTES,
  sniffMediaType,
  UPLOAD_EXTENSIONS,
  type UploadMediaType,
  type UploadRequest,
  UploadRequestSchema,
} from '../../shared/files/uploads';
import type { Queryable } from '../db/database';
import { ApiProblem, unprocessable, validationFailed } from '../http/problems';

/**
 * The item code under which 放款审核 keeps a condition's evidence file: lower case, so that no checklist
 * item (upper-case codes) can be confused with it; the front office's materials list leaves these out.
 */
export const DISBURSEMENT_EVIDENCE_ITEM = 'disbursement';

export const DEFAULT_MATERIAL_MAX_BYTES = DEFAULT_UPLOAD_MAX_BYTES;
/** Largest file accepted (MATERIAL_MAX_BYTES, bytes; default 10 MB). */
export function materialMaxBytes(): number {
  const v = Number(process.env.MATERIAL_MAX_BYTES ?? '');
  return Number.isInteger(v) && v > 0 ? v : DEFAULT_MATERIAL_MAX_BYTES;
}

/** The route body limit for a file of at most `maxBytes`: base64 is 4/3 of the bytes, plus the JSON around it. */
export const uploadBodyLimit = (maxBytes: number) => Math.ceil((maxBytes * 4) / 3) + 4096;

export { type UploadRequest, UploadRequestSchema };

/** The problems an upload route answers, for its declaration. */
export const UPLOAD_PROBLEMS = {
  413: 'The file (or the request body) is larger than allowed.',
  415: 'The content is not a PDF, JPEG or PNG.',
} as const;

/**
 * A file name as stored: a path (slash, backslash, `..`), control characters or a leading dot are
 * refused (400), not silently kept; the extension must agree with the content (422 material.extension_mismatch).
 */
export function sanitiseFileName(name: string, mediaType: UploadMediaType): string {
  const n = name.normalize('NFC').trim();
  if (/[/\\]/.test(n) || n.includes('..')) throw validationFailed('body.fileName', 'a file name, not a path');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001f\u007f<>:"|?*]/.test(n) || n.startsWith('.') || n.length === 0)
    throw validationFailed('body.fileName', 'characters not allowed in a file name');
  const ext = n.includes('.') ? n.slice(n.lastIndexOf('.') + 1).toLowerCase() : '';
  if (!UPLOAD_EXTENSIONS[mediaType].includes(ext))
    throw unprocessable(
      'material.extension_mismatch',
      `The file's content is ${mediaType}; its name must end .${UPLOAD_EXTENSIONS[mediaType][0]}.`,
    );
  return n;
}

/** A file checked and ready to store. */
export interface CheckedUpload {
  bytes: Buffer;
  fileName: string;
  mediaType: UploadMediaType;
  sha256: string;
}

/**
 * Decodes and checks an upload: base64 (400), not empty (400), at most `maxBytes` (413
 * material.too_large), PDF/JPEG/PNG by content (415 material.unsupported_type), a plain file name whose
 * extension matches (400 / 422). Throws the problem; nothing is stored.
 */
export function checkUpload(body: UploadRequest, maxBytes: number): CheckedUpload {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body.contentBase64)) throw validationFailed('body.contentBase64', 'not base64');
  const bytes = Buffer.from(body.contentBase64, 'base64');
  if (bytes.length === 0) throw validationFailed('body.contentBase64', 'the file is empty');
  if (bytes.length > maxBytes)
    throw new ApiProblem(
      413,
      'material.too_large',
      'File too large',
      `The file is ${bytes.length} bytes; at most ${maxBytes}.`,
      { maxBytes },
    );
  const mediaType = sniffMediaType(bytes);
  if (!mediaType)
    throw new ApiProblem(
      415,
      'material.unsupported_type',
      'Unsupported file type',
      'Only PDF, JPEG or PNG files are accepted; the content of this file is none of them.',
    );
  const fileName = sanitiseFileName(body.fileName, mediaType);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { bytes, fileName, mediaType, sha256 };
}

/** Stores a checked upload in `materials` under `itemCode`; its id and when it was received. */
export async function storeUpload(
  q: Queryable,
  applicationId: string,
  itemCode: string,
  file: CheckedUpload,
  userId: string,
): Promise<{ id: string; receivedAt: string }> {
  const r = await q.query<{ id: string | number; received_at: Date | string }>(
    `INSERT INTO materials (application_id, item_code, via, file_name, media_type, size_bytes, sha256, content, received_by, received_at)
     VALUES ($1, $2, 'upload', $3, $4, $5, $6, $7, $8, now()) RETURNING id, received_at`,
    [applicationId, itemCode, file.fileName, file.mediaType, file.bytes.length, file.sha256, file.bytes, userId],
  );
  const row = r.rows[0]!;
  return { id: String(row.id), receivedAt: new Date(row.received_at).toISOString() };
}

/** A stored file as sendStoredFile needs it. */
export interface StoredFile {
  content: Uint8Array;
  media_type: string | null;
  file_name: string | null;
  sha256: string | null;
}

/**
 * Sends a stored file as an attachment: its own media type, never rendered by the bank API (nosniff,
 * a sandboxing CSP), its SHA-256 in X-Content-SHA256.
 */
export function sendStoredFile(reply: { header: (k: string, v: string) => unknown }, m: StoredFile): Buffer {
  reply.header('Content-Type', m.media_type ?? 'application/octet-stream');
  reply.header('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(m.file_name ?? 'file')}`);
  reply.header('X-Content-Type-Options', 'nosniff');
  reply.header('Content-Security-Policy', "default-src 'none'; sandbox");
  reply.header('X-Content-SHA256', m.sha256 ?? '');
  return Buffer.from(m.content);
}
