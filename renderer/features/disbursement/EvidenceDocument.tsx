/**
 * An evidence file in 放款审核: the maker's file input (PDF, JPG or PNG; checked here for size and type by
 * content before anything is sent, then by the bank API), and the file as recorded — name, size and a
 * button that downloads it — for the checker (and the maker) next to the condition.
 */
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DisbursementDocument } from '../../../shared/api/disbursement';
import { UPLOAD_ACCEPT } from '../../../shared/files/uploads';
import { invoke } from '../../client/workstation';
import { downloadBlob } from '../../download';
import { chosenFileProblem, type FileProblem, fileSize, SNIFF_BYTES } from './documents';
import { problemMessage } from './messages';
import { useUploadDocument } from './mutations';

const readBase64 = (f: File) =>
  new Promise<string>((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(f);
  });

const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** "扫描件.pdf（120.5 KB）". */
export function useFileLine() {
  const { t } = useTranslation();
  return (doc: Pick<DisbursementDocument, 'fileName' | 'sizeBytes'>) => {
    const s = fileSize(doc.sizeBytes);
    return t('disbursement.evidence.fileLine', {
      name: doc.fileName,
      size: t(`disbursement.evidence.size.${s.unit}`, { n: s.n }),
    });
  };
}

/** The file as recorded: its name and size, and a button that downloads it. */
export function DocumentLink({ applicationId, doc }: { applicationId: string; doc: DisbursementDocument }) {
  const { t } = useTranslation();
  const line = useFileLine();
  const open = useMutation({
    mutationFn: async () => {
      const r = await invoke('disbursement.documents.get', { applicationId, documentId: doc.id });
      downloadBlob(new Blob([fromBase64(r.base64)], { type: r.mediaType }), doc.fileName);
    },
  });
  return (
    <span className="disb-file" data-testid={`evidence-document-${doc.id}`}>
      <span data-testid="evidence-document-name">{line(doc)}</span>{' '}
      <button
        type="button"
        className="link"
        disabled={open.isPending}
        onClick={() => open.mutate()}
        data-testid="evidence-document-open"
      >
        {open.isPending
          ? t('disbursement.evidence.opening')
          : t('disbursement.evidence.openFile', { name: doc.fileName })}
      </button>
      {open.error && (
        <span role="alert" className="error">
          {' '}
          {problemMessage(open.error, t)}
        </span>
      )}
    </span>
  );
}

/**
 * The maker's file input for one condition: uploads the chosen file and hands the stored document up
 * (the form puts its id in the evidence); says in words what is wrong with a file it refuses.
 */
export function DocumentUpload({
  applicationId,
  index,
  current,
  onUploaded,
  onRemoved,
}: {
  applicationId: string;
  index: number;
  /** The file the draft names now, if any. */
  current: DisbursementDocument | null;
  onUploaded: (doc: DisbursementDocument) => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const upload = useUploadDocument();
  const [problem, setProblem] = useState<FileProblem | null>(null);
  const [inputKey, setInputKey] = useState(0);

  const choose = async (f: File | undefined) => {
    setProblem(null);
    upload.reset();
    if (!f) return;
    const head = new Uint8Array(await f.slice(0, SNIFF_BYTES).arrayBuffer());
    const bad = chosenFileProblem(head, f.size);
    if (bad) {
      setProblem(bad);
      setInputKey((k) => k + 1);
      return;
    }
    const base64 = await readBase64(f);
    upload.mutate(
      { applicationId, file: { name: f.name, base64 } },
      { onSuccess: (r) => onUploaded(r.document), onSettled: () => setInputKey((k) => k + 1) },
    );
  };
  const error = problem
    ? t(`disbursement.evidence.fileError.${problem}`)
    : upload.error
      ? problemMessage(upload.error, t)
      : null;
  return (
    <div className="disb-field disb-upload">
      <label htmlFor={id}>{t('disbursement.evidence.file')}</label>
      {current && (
        <p className="disb-file-current" data-testid={`evidence-file-current-${index}`}>
          <DocumentLink applicationId={applicationId} doc={current} />{' '}
          <button type="button" onClick={onRemoved} data-testid={`evidence-file-remove-${index}`}>
            {t('disbursement.evidence.removeFile')}
          </button>
        </p>
      )}
      {/* The native input's own words follow the browser's language, not the app's: it is kept for the
          keyboard and screen readers but drawn as the button-like label below. */}
      <input
        key={inputKey}
        id={id}
        type="file"
        className="sr-only"
        accept={UPLOAD_ACCEPT}
        disabled={upload.isPending}
        aria-describedby={`${id}-hint${error ? ` ${id}-err` : ''}`}
        aria-invalid={error ? true : undefined}
        data-testid={`evidence-file-${index}`}
        onChange={(e) => void choose(e.currentTarget.files?.[0])}
      />
      <label htmlFor={id} className="disb-file-choose" aria-hidden="true">
        {current ? t('disbursement.evidence.chooseAnother') : t('disbursement.evidence.choose')}
      </label>
      <span id={`${id}-hint`} className="muted small">
        {t('disbursement.evidence.fileHint')}
      </span>
      {upload.isPending && (
        <span role="status" className="muted small">
          {t('disbursement.evidence.uploading')}
        </span>
      )}
      {upload.isSuccess && current?.id === upload.data.document.id && (
        <span role="status" className="ok small" data-testid={`evidence-file-uploaded-${index}`}>
          {t('disbursement.evidence.uploaded', { name: upload.data.document.fileName })}
        </span>
      )}
      {error && (
        <span id={`${id}-err`} role="alert" className="error" data-testid={`evidence-file-error-${index}`}>
          {error}
        </span>
      )}
    </div>
  );
}
