/** `#/warnings/<task id>`: the task a link opens. */
export function linkedTask(hash: string): string | null {
  const m = /^#\/warnings\/([1-9][0-9]{0,15})(?:[/?]|$)/.exec(hash);
  return m?.[1] ?? null;
}
