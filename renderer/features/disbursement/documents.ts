/**
 * Evidence files in 放款审核, as pure logic: what is wrong with a chosen file before anything is sent
 * (size, type by its first bytes — the bank's own rule, shared/files/uploads.ts), and a file's size in
 * words. The bank API checks again and decides.
 */
import { DEFAULT_UPLOAD_MAX_BYTES, sniffMediaType } from '../../../shared/files/uploads';

/** A key under `disbursement.evidence.fileError.`. */
export type FileProblem = 'empty' | 'tooLarge' | 'wrongType';

/** Bytes to read from a chosen file to tell its type. */
export const SNIFF_BYTES = 16;

/**
 * The problem with a chosen file of `size` bytes whose first bytes are `head`, or null: empty, over the
 * limit, or not a PDF, JPEG or PNG by content (whatever its name says).
 */
export function chosenFileProblem(
  head: Uint8Array,
  size: number,
  maxBytes: number = DEFAULT_UPLOAD_MAX_BYTES,
): FileProblem | null {
  if (size === 0) return 'empty';
  if (size > maxBytes) return 'tooLarge';
  return sniffMediaType(head) ? null : 'wrongType';
}

/** A file's size as the screen shows it: bytes below 1 KB, KB (one decimal) below 1 MB, else MB. */
export function fileSize(bytes: number): { unit: 'bytes' | 'kb' | 'mb'; n: string } {
  if (bytes < 1024) return { unit: 'bytes', n: String(bytes) };
  if (bytes < 1024 * 1024) return { unit: 'kb', n: (bytes / 1024).toFixed(1) };
  return { unit: 'mb', n: (bytes / (1024 * 1024)).toFixed(1) };
}
