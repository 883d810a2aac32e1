/** The loans area's hash routes: `#/loans/<id>` (the loan page), `#/loans?q=…`, `#/loans?officer=…&name=…`. */
export interface LoansRoute {
  loanId: string | null;
  q: string;
  officer: string;
  officerName: string;
}

/** What the hash asks for: a loan (`#/loans/<id>`) or a search (`#/loans?q=…` / `?officer=…&name=…`). */
export function loansRoute(hash: string): LoansRoute {
  const m = /^#\/?loans(?:\/([^?]*))?(?:\?(.*))?$/.exec(hash);
  let loanId: string | null = null;
  if (m?.[1]) {
    try {
      loanId = decodeURIComponent(m[1]);
    } catch {
      loanId = m[1];
    }
  }
  const params = new URLSearchParams(m?.[2] ?? '');
  return {
    loanId,
    q: params.get('q') ?? '',
    officer: params.get('officer') ?? '',
    officerName: params.get('name') ?? '',
  };
}
