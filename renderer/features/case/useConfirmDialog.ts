import { useEffect, useRef, useState } from 'react';

/** A modal <dialog> driven by state: `show()` opens it modally, `hide()` (or Escape) closes it. */
export function useConfirmDialog() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dlg = ref.current;
    if (open && dlg && !dlg.open) dlg.showModal();
    if (!open && dlg?.open) dlg.close();
  }, [open]);
  return { ref, open, show: () => setOpen(true), hide: () => setOpen(false) };
}
