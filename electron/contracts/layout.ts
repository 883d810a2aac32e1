/** The contract's page: A4 portrait and its margins. */
import { A4_PORTRAIT } from '../pdf/page-flow.js';

export const A4 = A4_PORTRAIT;
export const MARGIN = { top: 70, bottom: 62, left: 62, right: 62 } as const;
export const CONTENT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
